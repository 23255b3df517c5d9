import type { Transferable } from 'node:worker_threads';

/**
 * What a transfer list accepts: what Node can transfer (`ArrayBuffer`, `MessagePort`,
 * `FileHandle`, streams, …) plus any `ArrayBufferLike`, which is how TypeScript types
 * `bytes.buffer` for a `Uint8Array`. A `SharedArrayBuffer` is shared, never moved: it is left out
 * of the list Node sees (Node would throw "Found invalid object in transferList").
 */
export type TransferItem = Transferable | ArrayBufferLike;

/**
 * `list` without its `SharedArrayBuffer`s (the same array when it has none), typed as what
 * `postMessage` takes. Anything else Node cannot transfer is left for `postMessage` to refuse.
 * @internal
 */
export function transferList(list: readonly TransferItem[]): readonly Transferable[] {
  if (typeof SharedArrayBuffer !== 'function' || !list.some((item) => item instanceof SharedArrayBuffer)) {
    return list as readonly Transferable[];
  }
  return list.filter((item) => !(item instanceof SharedArrayBuffer)) as Transferable[];
}

const BRAND: unique symbol = Symbol.for('@sched/runtime-node/with-transfer') as never;

/** A value wrapped with the objects to transfer (not copy) when it crosses a thread boundary. */
export interface WithTransfer<T> {
  readonly value: T;
  readonly transfer: readonly TransferItem[];
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
 * ```js
 * // jobs.mjs (runs in a worker)
 * import { withTransfer } from '@sched/runtime-node';
 *
 * export function render(width, height) {
 *   const pixels = new Uint8Array(width * height * 4);
 *   return withTransfer(pixels, [pixels.buffer]);
 * }
 * ```
 *
 * ```ts
 * import { WorkerPool, workerTask } from '@sched/runtime-node';
 *
 * const render = workerTask<[number, number], Uint8Array>(new URL('./jobs.mjs', import.meta.url), 'render');
 * const pool = new WorkerPool({ size: 1 });
 * const pixels = await pool.run(render, [64, 32]); // moved, not copied
 * console.log(pixels.length); // 8192
 * await pool.close();
 * ```
 */
export function withTransfer<T>(value: T, transfer: readonly TransferItem[]): WithTransfer<T> {
  return { value, transfer, [BRAND]: true };
}

/** True for values built by {@link withTransfer} (in any copy of this package). */
export function isWithTransfer(value: unknown): value is WithTransfer<unknown> {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}
