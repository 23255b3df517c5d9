import type { Transferable } from 'node:worker_threads';

const BRAND: unique symbol = Symbol.for('@sched/runtime-node/with-transfer') as never;

/** A value wrapped with the objects to transfer (not copy) when it crosses a thread boundary. */
export interface WithTransfer<T> {
  readonly value: T;
  readonly transfer: readonly Transferable[];
  readonly [BRAND]: true;
}

/**
 * Marks a worker task's return value for transfer: `transfer` (ArrayBuffers, MessagePorts, …) is
 * moved to the main thread instead of copied. The awaiting task receives `value`.
 *
 * When to use: return large buffers from worker code without a copy. For arguments, pass
 * `{ transfer: [...] }` to `WorkerPool.run` instead.
 *
 * Gotchas: a transferred ArrayBuffer is detached (length 0) in the worker afterwards.
 *
 * @example
 * ```ts
 * // jobs.mjs (runs in a worker)
 * import { withTransfer } from '@sched/runtime-node';
 * export function render(width, height) {
 *   const pixels = new Uint8Array(width * height * 4);
 *   return withTransfer(pixels, [pixels.buffer]);
 * }
 * ```
 */
export function withTransfer<T>(value: T, transfer: readonly Transferable[]): WithTransfer<T> {
  return { value, transfer, [BRAND]: true };
}

/** True for values built by {@link withTransfer} (in any copy of this package). */
export function isWithTransfer(value: unknown): value is WithTransfer<unknown> {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}
