import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingQueue } from '../src/host.js';

type Op = { kind: 'push'; value: number } | { kind: 'unshift'; value: number } | { kind: 'shift' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), value: fc.integer() }),
  fc.record({ kind: fc.constant('unshift' as const), value: fc.integer() }),
  fc.record({ kind: fc.constant('shift' as const) }),
);

describe('RingQueue', () => {
  it('behaves like an array deque for any sequence of push / unshift / shift', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
        const queue = new RingQueue<number>(1);
        const model: number[] = [];
        for (const o of ops) {
          if (o.kind === 'push') {
            queue.push(o.value);
            model.push(o.value);
          } else if (o.kind === 'unshift') {
            queue.unshift(o.value);
            model.unshift(o.value);
          } else {
            expect(queue.shift()).toBe(model.shift());
          }
          expect(queue.length).toBe(model.length);
          expect(queue.peek()).toBe(model[0]);
        }
        expect(queue.drainAll()).toEqual(model);
        expect(queue.length).toBe(0);
      }),
    );
  });

  it('keeps FIFO order across growth', () => {
    const queue = new RingQueue<number>();
    for (let i = 0; i < 10; i++) queue.push(i);
    for (let i = 0; i < 5; i++) expect(queue.shift()).toBe(i);
    for (let i = 10; i < 100; i++) queue.push(i);
    const out: number[] = [];
    for (let v = queue.shift(); v !== undefined; v = queue.shift()) out.push(v);
    expect(out).toEqual(Array.from({ length: 95 }, (_, i) => i + 5));
  });

  it('gives a large backing array back as it keeps emptying', () => {
    const queue = new RingQueue<number>();
    for (let i = 0; i < 100_000; i++) queue.push(i);
    const peak = queue.capacity;
    expect(peak).toBeGreaterThanOrEqual(100_000);
    while (queue.length > 0) queue.shift();
    expect(queue.capacity).toBe(peak / 8);
    for (let round = 0; round < 5; round++) {
      queue.push(round);
      expect(queue.shift()).toBe(round);
    }
    expect(queue.capacity).toBeLessThanOrEqual(1024);
  });

  it('returns undefined when empty', () => {
    const queue = new RingQueue<string>();
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });
});
