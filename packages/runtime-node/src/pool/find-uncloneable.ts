import { BroadcastChannel, MessagePort } from 'node:worker_threads';

/**
 * Looks for a value structured clone would reject, without copying anything. Returns a
 * description such as `"args[1].onDone is a function"`, or `undefined` when none was found.
 *
 * When to use: to reject a worker task's arguments before they are queued. It is a fast,
 * conservative pre-check: `postMessage` remains the final judge (its `DataCloneError` is turned
 * into the same `NotCloneableError`).
 *
 * Details: rejects functions, symbols, promises, weak collections, `WeakRef`s, and
 * `MessagePort`s that are not in `transfer`; walks arrays, plain and class objects (own
 * enumerable properties), `Map`s, `Set`s and errors; skips the contents of buffers and typed
 * arrays; visits each object once (cycles are fine).
 */
export function findUncloneable(value: unknown, path: string, transfer: readonly unknown[]): string | undefined {
  const type = typeof value;
  if (type === 'function') return `${path} is a function`;
  if (type === 'symbol') return `${path} is a symbol`;
  if (type !== 'object' || value === null) return undefined;
  return walk(value as object, path, transfer, new Set<object>());
}

/**
 * The first argument in `args` that structured clone would reject (see {@link findUncloneable}),
 * described as `args[i]…`, or `undefined`. A getter that throws while being read is reported too.
 * @internal
 */
export function findUncloneableArgument(args: readonly unknown[], transfer: readonly unknown[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (typeof value === 'object' ? value !== null : typeof value === 'function' || typeof value === 'symbol') {
      let problem: string | undefined;
      try {
        problem = findUncloneable(value, `args[${i}]`, transfer);
      } catch (error) {
        problem = `reading args[${i}] threw: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

const OPAQUE_OK: readonly (abstract new (...args: never[]) => unknown)[] = [
  Date,
  Error,
  RegExp,
  ArrayBuffer,
  Boolean,
  Number,
  String,
  Blob,
];
const REJECTED: readonly [abstract new (...args: never[]) => unknown, string][] = [
  [Promise, 'a Promise'],
  [WeakMap, 'a WeakMap'],
  [WeakSet, 'a WeakSet'],
  [WeakRef, 'a WeakRef'],
  [FinalizationRegistry, 'a FinalizationRegistry'],
];

function walk(object: object, path: string, transfer: readonly unknown[], seen: Set<object>): string | undefined {
  if (seen.has(object)) return undefined;
  seen.add(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      const problem = check(object[i], `${path}[${i}]`, transfer, seen);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(object)) return undefined;
  if (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer) return undefined;
  for (const type of OPAQUE_OK) if (object instanceof type) return undefined;
  for (const [type, name] of REJECTED) if (object instanceof type) return `${path} is ${name}`;
  if (isMessagePortLike(object)) {
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
    const problem = check((object as Record<string, unknown>)[key], `${path}.${key}`, transfer, seen);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function check(value: unknown, path: string, transfer: readonly unknown[], seen: Set<object>): string | undefined {
  const type = typeof value;
  if (type === 'function') return `${path} is a function`;
  if (type === 'symbol') return `${path} is a symbol`;
  if (type !== 'object' || value === null) return undefined;
  return walk(value as object, path, transfer, seen);
}

function isMessagePortLike(object: object): boolean {
  return object instanceof MessagePort || object instanceof BroadcastChannel;
}
