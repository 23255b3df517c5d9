import { findUncloneable, findUncloneableArgument } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';

function clones(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

const badLeaf = fc.constantFrom<() => unknown>(
  () => () => 1,
  () => Symbol('s'),
  () => Promise.resolve(1),
  () => new WeakMap(),
  () => new WeakSet(),
);

const goodLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 8 }),
  fc.constant(new Error('e')),
  fc.constant(/re/g),
);

const tree = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    goodLeaf,
    badLeaf.map((make) => make()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
  ),
}));

describe('findUncloneable', () => {
  it('flags a value exactly when structuredClone rejects it', () => {
    fc.assert(
      fc.property(tree.value, (value) => {
        expect(findUncloneable(value, 'args[0]', []) === undefined).toBe(clones(value));
      }),
      { numRuns: 500 },
    );
  });

  it('names the path of the first problem', () => {
    expect(findUncloneable({ a: [1, { b: () => 1 }] }, 'args[0]', [])).toBe('args[0].a[1].b is a function');
    expect(findUncloneable(new Map([['k', Symbol('x')]]), 'args[2]', [])).toBe('args[2].get(<key 0>) is a symbol');
    expect(findUncloneable(Promise.resolve(), 'x', [])).toBe('x is a Promise');
  });

  it('accepts cycles and shared references', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const shared = { s: 1 };
    expect(findUncloneable({ a, b: [shared, shared] }, 'x', [])).toBeUndefined();
  });

  it('accepts a MessagePort only when it is transferred', () => {
    const { port1, port2 } = new MessageChannel();
    expect(findUncloneable({ port: port1 }, 'x', [])).toBe('x.port is a MessagePort that is not in the transfer list');
    expect(findUncloneable({ port: port1 }, 'x', [port1])).toBeUndefined();
    port1.close();
    port2.close();
  });
});

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
