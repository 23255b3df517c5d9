const BRAND = '__schedWithTransfer';

/** A value wrapped with the objects to transfer (not copy) when it leaves a worker. */
export interface WithTransfer<T> {
  readonly value: T;
  readonly transfer: readonly Transferable[];
  readonly [BRAND]: true;
}

/**
 * Marks a worker function's return value for transfer: `transfer` (ArrayBuffers, MessagePorts,
 * ImageBitmaps, …) is moved to the page instead of copied. The awaiting task receives `value`.
 *
 * Details: the mark is a plain property, not a symbol, so a worker module can build it without
 * importing this package: `return { value, transfer: [buf], __schedWithTransfer: true }`.
 *
 * @example
 * ```js
 * // jobs.js (runs in a worker)
 * import { withTransfer } from '@sched/runtime-browser';
 *
 * export function render(width, height) {
 *   const pixels = new Uint8Array(width * height * 4);
 *   return withTransfer(pixels, [pixels.buffer]);
 * }
 * ```
 *
 * ```ts
 * import { BrowserWorkerPool, workerFunction } from '@sched/runtime-browser';
 *
 * const render = workerFunction<[number, number], Uint8Array>(new URL('./jobs.js', import.meta.url), 'render');
 * const pool = new BrowserWorkerPool({ size: 1 });
 * const pixels = await pool.run(render, [64, 32]); // moved, not copied
 * console.log(pixels.length); // 8192
 * await pool.close();
 * ```
 */
export function withTransfer<T>(value: T, transfer: readonly Transferable[]): WithTransfer<T> {
  return { value, transfer, [BRAND]: true };
}
