// The real-timer spies in detail (docs/mutation.md, "sim: `escapes/`"): what a spy forwards, which
// globals it wraps, and how installs, holds and replacements made meanwhile nest.
import * as timers from 'node:timers';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type ForeignCall, RealAsyncSpy } from '../../src/escapes/real-async-spy.js';

type Global = Record<string, unknown>;
const g = globalThis as unknown as Global;

/** Runs `fn` with `globalThis[key]` set to `value`, then puts the function that was there back. */
function withGlobal<R>(key: string, value: unknown, fn: () => R): R {
  const saved = g[key];
  g[key] = value;
  try {
    return fn();
  } finally {
    g[key] = saved;
  }
}

describe('RealAsyncSpy: what a spy forwards', () => {
  it('reports process.nextTick under that name and still queues the callback; the original comes back', async () => {
    const original = process.nextTick;
    const apis: string[] = [];
    const stop = RealAsyncSpy.install((call) => apis.push(call.api));
    let ran = false;
    try {
      expect(process.nextTick).not.toBe(original);
      await new Promise<void>((resolve) =>
        process.nextTick(() => {
          ran = true;
          resolve();
        }),
      );
    } finally {
      stop();
    }
    expect(ran).toBe(true);
    expect(apis).toContain('process.nextTick');
    expect(apis.filter((api) => api !== 'process.nextTick' && api !== 'setTimeout' && api !== 'setImmediate')).toEqual(
      [],
    );
    expect(process.nextTick).toBe(original);
  });

  it("passes the caller's `this` and arguments through and returns what the wrapped function returns", () => {
    const seen: Array<{ self: unknown; args: unknown[] }> = [];
    const replacement = function (this: unknown, ...args: unknown[]): string {
      seen.push({ self: this, args });
      return 'handle-7';
    };
    withGlobal('setInterval', replacement, () => {
      const apis: string[] = [];
      const stop = RealAsyncSpy.install((call) => apis.push(call.api));
      try {
        const spy = g.setInterval as (...a: unknown[]) => unknown;
        expect(spy).not.toBe(replacement);
        const self = { marker: 1 };
        const callback = (): void => {};
        expect(spy.call(self, callback, 25, 'extra')).toBe('handle-7');
        expect(seen).toEqual([{ self, args: [callback, 25, 'extra'] }]);
        expect(apis).toEqual(['setInterval']);
      } finally {
        stop();
      }
      expect(g.setInterval).toBe(replacement);
    });
  });

  it('carries the wrapped function’s own properties (setTimeout’s promisify.custom) while installed', async () => {
    const custom = (setTimeout as unknown as Record<symbol, unknown>)[promisify.custom];
    expect(typeof custom).toBe('function');
    const stop = RealAsyncSpy.install(() => {});
    try {
      expect((g.setTimeout as Record<symbol, unknown>)[promisify.custom]).toBe(custom);
      // promisify(setTimeout) still works through the spy.
      expect(await promisify(setTimeout)(1, 'value')).toBe('value');
    } finally {
      stop();
    }
  });

  it('builds each call record once: the api, and the first frame outside @sched as its location', () => {
    const calls: ForeignCall[] = [];
    const stacks: Array<string | undefined> = [];
    const stop = RealAsyncSpy.install((call, stack) => {
      calls.push(call);
      stacks.push(stack);
    });
    try {
      clearTimeout(setTimeout(() => {}, 1000));
    } finally {
      stop();
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]?.api).toBe('setTimeout');
    expect(calls[0]?.location).toMatch(/real-async-spy-mutants\.test\.ts:\d+:\d+$/);
    expect(stacks[0]).toMatch(/^Error/);
    expect(stacks[0]).toContain('real-async-spy-mutants.test.ts');
  });

  it('a listener that stops itself during a call does not keep the next listener from hearing that call', () => {
    const heard: string[] = [];
    let stopA: () => void = () => {};
    stopA = RealAsyncSpy.install(() => {
      heard.push('a');
      stopA();
    });
    const stopB = RealAsyncSpy.install(() => heard.push('b'));
    try {
      clearTimeout(setTimeout(() => {}, 1000));
      clearTimeout(setTimeout(() => {}, 1000));
    } finally {
      stopA();
      stopB();
    }
    expect(heard).toEqual(['a', 'b', 'b']);
  });

  it('forwards without reporting while held with no listener', () => {
    const original = globalThis.setTimeout;
    const release = RealAsyncSpy.hold();
    try {
      expect(globalThis.setTimeout).not.toBe(original);
      let fired = false;
      const handle = setTimeout(() => {
        fired = true;
      }, 1000);
      expect(typeof handle.unref).toBe('function');
      clearTimeout(handle);
      expect(fired).toBe(false);
    } finally {
      release();
    }
    expect(globalThis.setTimeout).toBe(original);
  });
});

describe('RealAsyncSpy: installs, holds and replacements', () => {
  it('a hold keeps the spies across installs; releasing twice counts once', () => {
    const original = globalThis.setTimeout;
    const release = RealAsyncSpy.hold();
    const apis: string[] = [];
    const stop = RealAsyncSpy.install((call) => apis.push(call.api));
    const spy = globalThis.setTimeout;
    stop();
    expect(globalThis.setTimeout).toBe(spy); // still held
    const releaseOther = RealAsyncSpy.hold();
    release();
    release(); // idempotent: must not release the other hold
    expect(globalThis.setTimeout).toBe(spy);
    releaseOther();
    expect(globalThis.setTimeout).toBe(original);
    expect(apis).toEqual([]);
  });

  it('makes one spy per wrapped function: a second install swaps in the same spy', () => {
    const first = RealAsyncSpy.install(() => {});
    const spy = globalThis.setTimeout;
    first();
    const second = RealAsyncSpy.install(() => {});
    try {
      expect(globalThis.setTimeout).toBe(spy);
    } finally {
      second();
    }
  });

  it('a function installed while held is wrapped by the next install, reports reach it, and it stays after the last release', () => {
    const original = globalThis.setInterval;
    const through: unknown[] = [];
    const replacement = ((...args: unknown[]) => {
      through.push(args[1]);
      return 'replaced';
    }) as unknown as typeof setInterval;
    const release = RealAsyncSpy.hold();
    try {
      globalThis.setInterval = replacement;
      const apis: string[] = [];
      const stop = RealAsyncSpy.install((call) => apis.push(call.api));
      expect(globalThis.setInterval).not.toBe(replacement);
      expect(setInterval(() => {}, 42) as unknown).toBe('replaced');
      stop();
      expect(apis).toEqual(['setInterval']);
      expect(through).toEqual([42]);
    } finally {
      release();
    }
    try {
      expect(globalThis.setInterval).toBe(replacement);
    } finally {
      globalThis.setInterval = original;
    }
  });

  it('a spy put back by hand is not wrapped a second time: one report per call, and the original comes back', () => {
    const original = globalThis.setTimeout;
    const first = RealAsyncSpy.install(() => {});
    const spy = globalThis.setTimeout;
    first();
    expect(globalThis.setTimeout).toBe(original);

    globalThis.setTimeout = spy; // someone kept the spy and restores it
    const apis: string[] = [];
    const stop = RealAsyncSpy.install((call) => apis.push(call.api));
    try {
      clearTimeout(setTimeout(() => {}, 1000));
    } finally {
      stop();
    }
    expect(apis).toEqual(['setTimeout']);
    expect(globalThis.setTimeout).toBe(original);
  });

  it('leaves a global that is not a function alone, and does not bring back what it never replaced', () => {
    withGlobal('setImmediate', undefined, () => {
      const stop = RealAsyncSpy.install(() => {});
      try {
        expect(g.setImmediate).toBeUndefined();
      } finally {
        stop();
      }
      expect(g.setImmediate).toBeUndefined();
    });
  });
});

describe('RealAsyncSpy: leaks and replacements, checked against node:timers', () => {
  it('a watcher added twice hears each call once, and two removes put the native function back', () => {
    const heard: string[] = [];
    const watcher = { onForeignCall: (call: ForeignCall) => heard.push(call.api) };
    RealAsyncSpy.add(watcher);
    RealAsyncSpy.add(watcher);
    try {
      clearTimeout(setTimeout(() => {}, 1000));
    } finally {
      RealAsyncSpy.remove(watcher);
      RealAsyncSpy.remove(watcher);
    }
    expect(heard).toEqual(['setTimeout']);
    expect(globalThis.setTimeout).toBe(timers.setTimeout);
  });

  it('the last release leaves a function installed meanwhile (and never wrapped) in place', () => {
    const replacement = (() => 'mine') as unknown as typeof setInterval;
    const release = RealAsyncSpy.hold();
    try {
      globalThis.setInterval = replacement;
    } finally {
      release();
    }
    try {
      expect(globalThis.setInterval).toBe(replacement);
    } finally {
      globalThis.setInterval = timers.setInterval;
    }
  });

  it('a global removed while the spies are in place is skipped by the next install, and stays removed', () => {
    const release = RealAsyncSpy.hold();
    const saved = g.setImmediate;
    try {
      g.setImmediate = undefined;
      const stop = RealAsyncSpy.install(() => {});
      stop();
      expect(g.setImmediate).toBeUndefined();
    } finally {
      release();
      g.setImmediate = saved;
    }
    expect(globalThis.setTimeout).toBe(timers.setTimeout);
  });
});
