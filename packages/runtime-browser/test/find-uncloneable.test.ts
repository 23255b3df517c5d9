import { InvalidArgumentError } from '@sched/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findUncloneableArgument } from '../src/pool/find-uncloneable.js';
import { absoluteModuleUrl, workerFunction } from '../src/pool/worker-function.js';

describe('findUncloneableArgument', () => {
  test('names the path of the first value structured clone rejects', () => {
    expect(findUncloneableArgument([1, { a: [2, () => 3] }], [])).toBe('args[1].a[1] is a function');
    expect(findUncloneableArgument([Symbol('s')], [])).toBe('args[0] is a symbol');
    expect(findUncloneableArgument([new Map([[1, Promise.resolve()]])], [])).toBe('args[0].get(<key 0>) is a Promise');
    expect(findUncloneableArgument([new Set([new WeakMap()])], [])).toBe('args[0].<entry 0> is a WeakMap');
    const port = new MessageChannel().port1;
    expect(findUncloneableArgument([{ port }], [])).toBe(
      'args[0].port is a MessagePort that is not in the transfer list',
    );
    expect(findUncloneableArgument([{ port }], [port])).toBeUndefined();
    port.close();
  });

  test('a getter that throws is reported, and cycles are fine', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    expect(findUncloneableArgument([cyclic], [])).toBeUndefined();
    const trap = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(findUncloneableArgument([trap], [])).toBe('reading args[0] threw: no');
  });

  test('agrees with structuredClone on JSON-like values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (args) => {
        expect(() => structuredClone(args)).not.toThrow();
        expect(findUncloneableArgument(args, [])).toBeUndefined();
      }),
    );
  });
});

describe('workerFunction', () => {
  test('needs an absolute URL and a non-empty export name', () => {
    expect(workerFunction(new URL('https://app.example/jobs.js'), 'fib')).toEqual({
      module: 'https://app.example/jobs.js',
      exportName: 'fib',
    });
    expect(absoluteModuleUrl('data:text/javascript,export%20const%20a%3D1')).toMatch(/^data:/);
    expect(() => workerFunction('./jobs.js')).toThrow(InvalidArgumentError);
    expect(() => workerFunction('/abs/jobs.js')).toThrow(InvalidArgumentError);
    expect(() => workerFunction('https://app.example/jobs.js', '')).toThrow(InvalidArgumentError);
  });
});
