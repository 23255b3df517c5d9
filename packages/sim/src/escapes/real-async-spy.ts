import { firstUserFrame } from '@sched/core/host';
import { removeFrom } from './remove-from.js';

/** A call to a real asynchronous API made while a simulation was running. */
export interface ForeignCall {
  /** `setTimeout`, `setInterval`, `setImmediate` or `process.nextTick`. */
  readonly api: string;
  /** The first stack frame outside @sched, when known. */
  readonly location: string | undefined;
}

/** Told of every real timer call while added (see {@link RealAsyncSpy.add}). */
export interface ForeignCallWatcher {
  onForeignCall(call: ForeignCall, stack: string | undefined): void;
}

interface Target {
  readonly owner: Record<string, unknown>;
  readonly key: string;
  readonly api: string;
  /**
   * `owner[key]` read with a fixed name: a run checks every target, and a fixed-name read of a
   * global is a cached load where `owner[key]` with a variable name is a lookup each time.
   */
  readonly read: () => unknown;
  /** The spy this target holds while patched (cleared on restore). */
  installed: unknown;
  /** The function that spy wraps: what comes back on restore. */
  original: unknown;
}

function targets(): Target[] {
  const g = globalThis as unknown as Record<string, unknown> & { process?: Record<string, unknown> };
  const list: Target[] = [
    {
      owner: g,
      key: 'setTimeout',
      api: 'setTimeout',
      read: () => g.setTimeout,
      installed: undefined,
      original: undefined,
    },
    {
      owner: g,
      key: 'setInterval',
      api: 'setInterval',
      read: () => g.setInterval,
      installed: undefined,
      original: undefined,
    },
    {
      owner: g,
      key: 'setImmediate',
      api: 'setImmediate',
      read: () => g.setImmediate,
      installed: undefined,
      original: undefined,
    },
  ];
  const process = g.process;
  if (typeof process?.nextTick === 'function') {
    list.push({
      owner: process,
      key: 'nextTick',
      api: 'process.nextTick',
      read: () => process.nextTick,
      installed: undefined,
      original: undefined,
    });
  }
  return list;
}

/**
 * While installed, reports every call to the global `setTimeout`, `setInterval`,
 * `setImmediate` and `process.nextTick` to the listeners (the calls still go through), so a
 * simulator can decide, at the call, whether simulated code created real asynchronous work.
 * The listener gets the call and the raw stack. Installs nest; the originals come back when the
 * last one is removed.
 */
export class RealAsyncSpy {
  static #depth = 0;
  // An array, not a Set: a run adds and removes its watch, and a Set emptied by a delete
  // reallocates its table every time.
  static readonly #listeners: ForeignCallWatcher[] = [];

  /** Starts reporting to `listener`; returns the function that stops it. */
  static install(listener: (call: ForeignCall, stack: string | undefined) => void): () => void {
    const watcher: ForeignCallWatcher = { onForeignCall: listener };
    RealAsyncSpy.add(watcher);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      RealAsyncSpy.remove(watcher);
    };
  }

  /**
   * {@link RealAsyncSpy.install} without a closure: `watcher` is told of every call until
   * {@link RealAsyncSpy.remove}, which must be called once per add (a simulator run adds its
   * escape watch at the start of each run and removes it at the end).
   */
  static add(watcher: ForeignCallWatcher): void {
    if (!RealAsyncSpy.#listeners.includes(watcher)) RealAsyncSpy.#listeners.push(watcher);
    RealAsyncSpy.#depth++;
    RealAsyncSpy.#patch();
  }

  /** Undoes one {@link RealAsyncSpy.add} of `watcher`. */
  static remove(watcher: ForeignCallWatcher): void {
    removeFrom(RealAsyncSpy.#listeners, watcher);
    if (--RealAsyncSpy.#depth === 0) RealAsyncSpy.#restore();
  }

  /**
   * Keeps the spies in place, without a listener, until the returned function is called: a
   * multi-seed run holds them across its seeds, so each run only adds its listener instead of
   * swapping four globals in and out. With no listener a spy only forwards the call.
   *
   * Every add and hold (each run adds its watch) checks that the spies are still the globals: a
   * function someone installed meanwhile (fake timers, a test double) is wrapped in its turn
   * instead of being bypassed; and the last release leaves such a replacement in place instead of
   * undoing it.
   */
  static hold(): () => void {
    RealAsyncSpy.#depth++;
    RealAsyncSpy.#patch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--RealAsyncSpy.#depth === 0) RealAsyncSpy.#restore();
    };
  }

  static #patch(): void {
    for (const target of RealAsyncSpy.#targets()) {
      const current = target.read();
      if (current === target.installed || typeof current !== 'function') continue; // still ours, or absent
      const original = RealAsyncSpy.#originals.get(current) ?? current;
      const spy = RealAsyncSpy.#spyOf(target.api, original as (...a: unknown[]) => unknown);
      // The first original is what comes back; a later replacement becomes the new one.
      target.original = original;
      target.owner[target.key] = spy;
      target.installed = spy;
    }
  }

  static #targetList: Target[] | undefined;
  static #targets(): Target[] {
    RealAsyncSpy.#targetList ??= targets();
    return RealAsyncSpy.#targetList;
  }

  /** One spy per original function, made once: a run (one per seed in `many`) only swaps it in. */
  static readonly #spies = new WeakMap<object, unknown>();
  /** The original behind each spy (so a spy found installed is never wrapped twice). */
  static readonly #originals = new WeakMap<object, unknown>();

  static #spyOf(api: string, original: (...a: unknown[]) => unknown): unknown {
    const made = RealAsyncSpy.#spies.get(original);
    if (made !== undefined) return made;
    const spy = function (this: unknown, ...args: unknown[]): unknown {
      if (RealAsyncSpy.#listeners.length > 0) {
        const stack = new Error().stack;
        const call: ForeignCall = { api, location: firstUserFrame(stack) };
        for (const listener of [...RealAsyncSpy.#listeners]) listener.onForeignCall(call, stack);
      }
      return original.apply(this, args);
    };
    const made2 = Object.assign(spy, original);
    RealAsyncSpy.#spies.set(original, made2);
    RealAsyncSpy.#originals.set(made2, original);
    return made2;
  }

  /** Puts the originals back, except where something else replaced a spy meanwhile (that stays). */
  static #restore(): void {
    for (const target of RealAsyncSpy.#targets()) {
      if (target.installed === undefined) continue;
      if (target.read() === target.installed) target.owner[target.key] = target.original;
      target.installed = undefined;
      target.original = undefined;
    }
  }
}
