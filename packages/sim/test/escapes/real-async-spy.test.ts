import { describe, expect, it } from 'vitest';
import type { ForeignCall } from '../../src/escapes/real-async-spy.js';
import { RealAsyncSpy } from '../../src/escapes/real-async-spy.js';
import { callerLine } from '../support/location.js';

describe('RealAsyncSpy', () => {
  it('records setTimeout, setInterval and setImmediate calls with their call site while installed', async () => {
    const calls: ForeignCall[] = [];
    const original = globalThis.setTimeout;
    const stop = RealAsyncSpy.install((call) => calls.push(call));
    let at = '';
    let fired = false;
    try {
      [at] = [callerLine(), setTimeout(() => (fired = true), 0)];
      clearInterval(setInterval(() => {}, 1000));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      stop();
    }

    expect(calls.map((c) => c.api)).toEqual(['setTimeout', 'setInterval', 'setImmediate']);
    expect(calls[0]?.location?.startsWith(`${at}:`)).toBe(true);
    expect(globalThis.setTimeout).toBe(original);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fired).toBe(true); // the timers still work
  });

  it('nests: the originals come back only when the last install is removed', () => {
    const original = globalThis.setTimeout;
    const a: string[] = [];
    const b: string[] = [];
    const stopA = RealAsyncSpy.install((call) => a.push(call.api));
    const stopB = RealAsyncSpy.install((call) => b.push(call.api));

    clearTimeout(setTimeout(() => {}, 1000));
    stopA();
    stopA(); // idempotent
    expect(globalThis.setTimeout).not.toBe(original);
    clearTimeout(setTimeout(() => {}, 1000));
    stopB();

    expect(globalThis.setTimeout).toBe(original);
    expect(a).toEqual(['setTimeout']);
    expect(b).toEqual(['setTimeout', 'setTimeout']);
  });

  it('records nothing when not installed', () => {
    const calls: ForeignCall[] = [];
    RealAsyncSpy.install((call) => calls.push(call))();

    clearTimeout(setTimeout(() => {}, 1000));

    expect(calls).toEqual([]);
  });
});
