import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fifo } from '../../src/queues/fifo.js';

describe('Fifo', () => {
  it('shifts items in the order they were pushed', () => {
    const queue = new Fifo<string>();
    queue.push('a');
    queue.push('b');
    queue.push('c');

    expect(queue.size).toBe(3);
    expect(queue.peek()).toBe('a');
    expect([queue.shift(), queue.shift()]).toEqual(['a', 'b']);
    expect([...queue]).toEqual(['c']);
    expect(queue.shift()).toBe('c');
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('stays in order across its internal compaction (thousands of items)', () => {
    const queue = new Fifo<number>();
    for (let i = 0; i < 5000; i++) queue.push(i);
    const shifted: number[] = [];

    for (let i = 0; i < 3000; i++) shifted.push(queue.shift() as number);
    for (let i = 5000; i < 6000; i++) queue.push(i);

    expect(shifted).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(queue.size).toBe(3000);
    expect(queue.peek()).toBe(3000);
    expect([...queue]).toEqual(Array.from({ length: 3000 }, (_, i) => 3000 + i));
  });

  it('behaves like an array used as a queue (model-based)', () => {
    const operation = fc.oneof(fc.record({ push: fc.integer() }), fc.constant('shift' as const));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 3000 }), (operations) => {
        const queue = new Fifo<number>();
        const model: number[] = [];
        for (const op of operations) {
          if (op === 'shift') expect(queue.shift()).toBe(model.shift());
          else {
            queue.push(op.push);
            model.push(op.push);
          }
          expect(queue.size).toBe(model.length);
          expect(queue.peek()).toBe(model[0]);
        }
        expect([...queue]).toEqual(model);
      }),
      { numRuns: 50 },
    );
  });
});
