import { types } from 'node:util';

/** Most objects, arrays and properties {@link cloneRunsNoCode} looks at before it gives up (answers false). */
const BUDGET = 64;

/**
 * True if structured-cloning `value` can run no user code: a primitive, or buffers and plain
 * objects and arrays of them with data properties only (no getters, no proxies, no class
 * instances), small enough to check within a fixed budget. False when unsure.
 *
 * Details: a job runner holds back the results of short jobs to send several in one message.
 * Cloning a held batch must not be able to kill the worker (a getter calling `process.exit`)
 * and take finished jobs' results down with it: a result this answers false for is sent alone.
 * @internal
 */
export function cloneRunsNoCode(value: unknown): boolean {
  if (typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  return value === null || visit(value, BUDGET) >= 0;
}

/** Budget left after checking `object` (negative: it may run code, or it is too big to check cheaply). */
function visit(object: object, budget: number): number {
  if (--budget < 0 || types.isProxy(object)) return -1;
  if (ArrayBuffer.isView(object) || types.isAnyArrayBuffer(object)) return budget;
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return -1;
  const keys = Object.keys(object);
  budget -= keys.length;
  if (budget < 0) return -1;
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (descriptor === undefined || !('value' in descriptor)) return -1;
    const item: unknown = descriptor.value;
    if (typeof item === 'object') {
      if (item !== null) budget = visit(item, budget);
      if (budget < 0) return -1;
    } else if (typeof item === 'function' || typeof item === 'symbol') {
      return -1;
    }
  }
  return budget;
}
