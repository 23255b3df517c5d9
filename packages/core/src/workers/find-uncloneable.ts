// Shared by @sched/runtime-node and @sched/runtime-browser. Host-neutral: every platform type
// (Blob, MessagePort, DOM Node, ...) is looked up on globalThis, so a host that lacks one skips it.

/**
 * Looks for a value structured clone would reject, without copying anything. Returns a
 * description such as `"args[1].onDone is a function"`, or `undefined` when none was found.
 *
 * When to use: to reject a worker task's arguments before they are queued. It is a fast,
 * conservative pre-check: `postMessage` remains the final judge (its `DataCloneError` is turned
 * into the same `NotCloneableError`).
 *
 * Details: rejects functions, symbols, promises, weak collections, `WeakRef`s, DOM nodes, and
 * `MessagePort`s / `BroadcastChannel`s that are not in `transfer`; walks arrays, plain and class
 * objects (own enumerable properties), `Map`s and `Set`s; skips the contents of buffers, typed
 * arrays, blobs and other platform objects; visits each object once (cycles are fine).
 */
export function findUncloneable(value: unknown, path: string, transfer: readonly unknown[]): string | undefined {
  return check(value, path, transfer, new Set<object>());
}

/**
 * The first argument in `args` that structured clone would reject (see {@link findUncloneable}),
 * described as `args[i]…`, or `undefined`. A getter that throws while being read is reported too.
 */
export function findUncloneableArgument(args: readonly unknown[], transfer: readonly unknown[]): string | undefined {
  let seen: Set<object> | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // Most arguments are primitives: no path string, no set of visited objects for them.
    if (isPlainData(arg)) continue;
    seen ??= new Set<object>();
    let problem: string | undefined;
    try {
      problem = check(arg, `args[${i}]`, transfer, seen);
    } catch (error) {
      problem = `reading args[${i}] threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (problem !== undefined) return problem;
  }
  return undefined;
}

type Constructor = abstract new (...args: never[]) => unknown;

/** Globals whose instances clone as a whole (or transfer): not walked. */
const OPAQUE = [
  'Date',
  'Error',
  'RegExp',
  'ArrayBuffer',
  'Boolean',
  'Number',
  'String',
  'Blob',
  'ImageBitmap',
  'ImageData',
  'File',
  'FileList',
  'CryptoKey',
  'OffscreenCanvas',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
];
const REJECTED: readonly [string, string][] = [
  ['Promise', 'a Promise'],
  ['WeakMap', 'a WeakMap'],
  ['WeakSet', 'a WeakSet'],
  ['WeakRef', 'a WeakRef'],
  ['FinalizationRegistry', 'a FinalizationRegistry'],
  ['Node', 'a DOM node'],
  ['Window', 'a Window'],
];

function global(name: string): Constructor | undefined {
  const value = (globalThis as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as Constructor) : undefined;
}

function check(value: unknown, path: string, transfer: readonly unknown[], seen: Set<object>): string | undefined {
  const type = typeof value;
  if (type === 'function') return `${path} is a function`;
  if (type === 'symbol') return `${path} is a symbol`;
  if (type !== 'object' || value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return undefined;
  seen.add(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      if (isPlainData(object[i])) continue;
      const problem = check(object[i], `${path}[${i}]`, transfer, seen);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(object)) return undefined;
  const shared = global('SharedArrayBuffer');
  if (shared !== undefined && object instanceof shared) return undefined;
  for (const name of OPAQUE) {
    const type = global(name);
    if (type !== undefined && object instanceof type) return undefined;
  }
  for (const [name, what] of REJECTED) {
    const type = global(name);
    if (type !== undefined && object instanceof type) return `${path} is ${what}`;
  }
  if (isPort(object)) {
    return transfer.includes(object) ? undefined : `${path} is a MessagePort that is not in the transfer list`;
  }
  if (object instanceof Map) {
    let i = 0;
    for (const [key, entry] of object) {
      const problem =
        check(key, `${path}.<key ${i}>`, transfer, seen) ?? check(entry, `${path}.get(<key ${i}>)`, transfer, seen);
      if (problem !== undefined) return problem;
      i++;
    }
    return undefined;
  }
  if (object instanceof Set) {
    let i = 0;
    for (const entry of object) {
      const problem = check(entry, `${path}.<entry ${i}>`, transfer, seen);
      if (problem !== undefined) return problem;
      i++;
    }
    return undefined;
  }
  for (const key of Object.keys(object)) {
    const item = (object as Record<string, unknown>)[key];
    if (isPlainData(item)) continue;
    const problem = check(item, `${path}.${key}`, transfer, seen);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** A primitive that clones as is (checked without building its path). */
function isPlainData(value: unknown): boolean {
  const type = typeof value;
  return value === null || (type !== 'object' && type !== 'function' && type !== 'symbol');
}

function isPort(object: object): boolean {
  for (const name of ['MessagePort', 'BroadcastChannel']) {
    const type = global(name);
    if (type !== undefined && object instanceof type) return true;
  }
  return false;
}
