/** Runs a callback on a later macrotask: after every pending microtask has run. */
export type Macrotask = (callback: () => void) => void;

// Captured at load time, before any spy is installed, so the watchdog is never reported as an escape.
const realSetImmediate: ((cb: () => void) => unknown) | undefined = (
  globalThis as { setImmediate?: (cb: () => void) => unknown }
).setImmediate;

/**
 * The default macrotask: `setImmediate` where it exists (Node), otherwise a `MessageChannel`
 * post. The simulator uses it only as a watchdog that fires once the microtask queue is empty;
 * it never decides an order.
 */
export function defaultMacrotask(): Macrotask {
  if (realSetImmediate !== undefined) return (callback) => void realSetImmediate(callback);
  const channel = new MessageChannel();
  const callbacks: Array<() => void> = [];
  channel.port1.onmessage = () => callbacks.shift()?.();
  return (callback) => {
    callbacks.push(callback);
    channel.port2.postMessage(null);
  };
}
