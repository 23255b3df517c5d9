/**
 * The script every pool worker runs, as source text: the pool starts workers from a `blob:` URL
 * of it, so the package needs no separate worker file for bundlers to find.
 *
 * It answers each run message (see `protocol.ts`): loads the module once per worker with
 * `import()` and reports the module's function exports (the page caches them, so a later call of
 * a missing export fails before its arguments are sent), calls the export, unwraps a `withTransfer` result, and posts the outcome. Errors are
 * posted as they are (browsers structured-clone `Error`s), or as their text when they cannot be.
 * An unhandled rejection is reported as a fault of the running task.
 * @internal
 */
export const WORKER_SOURCE = `
const modules = new Map();
const send = (message, transfer) => {
  try { self.postMessage(message, transfer ?? []); }
  catch (error) { self.postMessage({ op: 'threw', id: message.id, error: plain(error) }); }
};
const plain = (error) => {
  try { structuredClone(error); return error; }
  catch { return error instanceof Error ? new Error(error.message) : String(error); }
};
const functionsOf = (namespace) => Object.keys(namespace).filter((key) => typeof namespace[key] === 'function');
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  self.postMessage({ op: 'fault', error: plain(event.reason) });
});
self.onmessage = async (event) => {
  const { id, module, exportName, args } = event.data;
  let namespace = modules.get(module);
  if (namespace === undefined) {
    try { namespace = await import(module); }
    catch (error) { send({ op: 'load-failed', id, error: plain(error) }); return; }
    modules.set(module, namespace);
    self.postMessage({ op: 'loaded', module, exports: functionsOf(namespace) });
  }
  const fn = namespace[exportName];
  if (typeof fn !== 'function') {
    send({ op: 'no-export', id, available: functionsOf(namespace) });
    return;
  }
  let value;
  try { value = await fn(...args); }
  catch (error) { send({ op: 'threw', id, error: plain(error) }); return; }
  if (value !== null && typeof value === 'object' && value.__schedWithTransfer === true) {
    send({ op: 'done', id, value: value.value }, value.transfer);
  } else {
    send({ op: 'done', id, value });
  }
};
`;
