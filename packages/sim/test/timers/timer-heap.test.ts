import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TimerEntry, TimerHeap } from '../../src/timers/timer-heap.js';

/** Pops until empty; returns the values in pop order. */
function drain<T>(heap: TimerHeap<T>): T[] {
  const out: T[] = [];
  for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) out.push(entry.value);
  return out;
}

describe('TimerHeap', () => {
  it('pops the earliest deadline first', () => {
    const heap = new TimerHeap<string>();
    heap.push(30, 'c');
    heap.push(10, 'a');
    heap.push(20, 'b');

    expect(heap.size).toBe(3);
    expect(heap.peek()?.value).toBe('a');
    expect(drain(heap)).toEqual(['a', 'b', 'c']);
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
  });

  it('breaks deadline ties in insertion (FIFO) order', () => {
    const heap = new TimerHeap<string>();
    for (const name of ['first', 'second', 'third']) heap.push(5, name);
    heap.push(1, 'early');

    expect(drain(heap)).toEqual(['early', 'first', 'second', 'third']);
  });

  it('numbers entries with increasing sequence numbers', () => {
    const heap = new TimerHeap<number>();

    const entries = [heap.push(3, 0), heap.push(1, 1), heap.push(2, 2)];

    expect(entries.map((e) => e.sequence)).toEqual([0, 1, 2]);
  });

  it('removes an entry from the middle, once', () => {
    const heap = new TimerHeap<string>();
    const a = heap.push(1, 'a');
    const b = heap.push(2, 'b');
    heap.push(3, 'c');

    expect(heap.remove(b)).toBe(true);
    expect(heap.remove(b)).toBe(false);
    expect(b.index).toBe(-1);
    expect(heap.size).toBe(2);
    expect(drain(heap)).toEqual(['a', 'c']);
    expect(heap.remove(a)).toBe(false);
  });

  it('pops in (deadline, sequence) order after any mix of pushes and removals (property)', () => {
    const operation = fc.oneof(
      { weight: 3, arbitrary: fc.record({ push: fc.integer({ min: 0, max: 20 }) }) },
      { weight: 1, arbitrary: fc.record({ remove: fc.nat() }) },
      { weight: 1, arbitrary: fc.constant({ pop: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const heap = new TimerHeap<number>();
        const live: TimerEntry<number>[] = [];
        const byKey = (x: TimerEntry<number>, y: TimerEntry<number>): number =>
          x.deadline - y.deadline || x.sequence - y.sequence;
        let id = 0;
        for (const op of operations) {
          if ('push' in op) live.push(heap.push(op.push, id++));
          else if ('remove' in op) {
            if (live.length === 0) continue;
            const [victim] = live.splice(op.remove % live.length, 1);
            expect(heap.remove(victim as TimerEntry<number>)).toBe(true);
          } else {
            live.sort(byKey);
            expect(heap.pop()).toBe(live.shift());
          }
          expect(heap.size).toBe(live.length);
        }
        live.sort(byKey);
        expect(heap.peek()).toBe(live[0]);
        const popped: TimerEntry<number>[] = [];
        for (let e = heap.pop(); e !== undefined; e = heap.pop()) popped.push(e);
        expect(popped).toEqual(live);
        expect(popped.every((e) => e.index === -1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
