import { describe, expect, it } from 'vitest';
import { cloneRunsNoCode } from '../src/worker/inert-value.js';

describe('cloneRunsNoCode', () => {
  it('accepts primitives, buffers, and small plain objects and arrays of them', () => {
    for (const value of [undefined, null, 1, -0, Number.NaN, 'text', true, 10n])
      expect(cloneRunsNoCode(value)).toBe(true);
    expect(cloneRunsNoCode({ sum: 3, length: 2, tags: ['a', 'b'], nested: { deep: [1, { x: null }] } })).toBe(true);
    expect(cloneRunsNoCode(new Uint8Array(4))).toBe(true);
    expect(cloneRunsNoCode(new ArrayBuffer(8))).toBe(true);
    expect(cloneRunsNoCode(new SharedArrayBuffer(8))).toBe(true);
    expect(cloneRunsNoCode(Object.assign(Object.create(null), { a: 1 }))).toBe(true);
  });

  it('refuses what cloning could run code for, or what it cannot vouch for', () => {
    const getter = {
      get fatal() {
        return 1;
      },
    };
    expect(cloneRunsNoCode(getter)).toBe(false);
    expect(cloneRunsNoCode({ inner: [1, getter] })).toBe(false);
    expect(cloneRunsNoCode(new Proxy({}, {}))).toBe(false);
    expect(
      cloneRunsNoCode(
        new (class Point {
          x = 1;
        })(),
      ),
    ).toBe(false);
    expect(cloneRunsNoCode(new Map())).toBe(false);
    expect(cloneRunsNoCode(() => 1)).toBe(false);
    expect(cloneRunsNoCode(Symbol('s'))).toBe(false);
    expect(cloneRunsNoCode({ f: () => 1 })).toBe(false);
  });

  it('gives up (false) on values too big to check cheaply, and on cycles', () => {
    expect(cloneRunsNoCode(Array.from({ length: 40 }, () => ({})))).toBe(false);
    expect(cloneRunsNoCode(Array.from({ length: 1000 }, (_, i) => i))).toBe(false);
    expect(cloneRunsNoCode(Array.from({ length: 20 }, (_, i) => i))).toBe(true);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(cloneRunsNoCode(cycle)).toBe(false);
  });
});
