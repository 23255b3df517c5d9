import { firstUserFrame } from '@sched/core';

/** A call to a real timer API made while a simulation was running. */
export interface ForeignCall {
  readonly api: string;
  readonly location: string | undefined;
}

type Patched = 'setTimeout' | 'setInterval' | 'setImmediate';
const APIS: readonly Patched[] = ['setTimeout', 'setInterval', 'setImmediate'];

/**
 * While installed, records every call to the global `setTimeout`, `setInterval` and
 * `setImmediate` (they still work), so an escape report can say where real time crept in.
 * Installs nest; the originals come back when the last one is removed.
 */
export class RealTimerSpy {
  static #depth = 0;
  static #originals: Partial<Record<Patched, unknown>> = {};
  static #listeners = new Set<(call: ForeignCall) => void>();

  /** Starts recording into `listener`; returns the function that stops it. */
  static install(listener: (call: ForeignCall) => void): () => void {
    RealTimerSpy.#listeners.add(listener);
    if (RealTimerSpy.#depth++ === 0) RealTimerSpy.#patch();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      RealTimerSpy.#listeners.delete(listener);
      if (--RealTimerSpy.#depth === 0) RealTimerSpy.#restore();
    };
  }

  static #patch(): void {
    const g = globalThis as unknown as Record<Patched, (...args: unknown[]) => unknown>;
    for (const api of APIS) {
      const original = g[api];
      if (typeof original !== 'function') continue;
      RealTimerSpy.#originals[api] = original;
      const spy = function (this: unknown, ...args: unknown[]): unknown {
        const location = firstUserFrame(new Error().stack);
        for (const listener of RealTimerSpy.#listeners) listener({ api, location });
        return original.apply(this, args);
      };
      g[api] = Object.assign(spy, original);
    }
  }

  static #restore(): void {
    const g = globalThis as unknown as Record<Patched, unknown>;
    for (const api of APIS) if (RealTimerSpy.#originals[api] !== undefined) g[api] = RealTimerSpy.#originals[api];
    RealTimerSpy.#originals = {};
  }
}
