import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TimerEntry, TimerHeap } from '../../src/timers/timer-heap.js';

/** Pops until empty; returns the values in pop order. */
function drain<T>(heap: TimerHeap<T>): T[] {
  const out: T[] = [];
  while (heap.size > 0) out.push(heap.popValue() as T);
  expect(heap.popValue()).toBeUndefined();
  return out;
}

describe('TimerHeap', () => {
  it('pops the earliest deadline first', () => {
    const heap = new TimerHeap<string>();
    heap.push(30, 'c');
    heap.push(10, 'a');
    heap.push(20, 'b');

    expect(heap.size).toBe(3);
    expect(heap.nextDeadline()).toBe(10);
    expect(drain(heap)).toEqual(['a', 'b', 'c']);
    expect(heap.size).toBe(0);
    expect(heap.popValue()).toBeUndefined();
    expect(heap.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
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

  // Timers of one deadline share a bucket: pushing to a deadline that is being popped, or to one
  // whose bucket was emptied (popped or cancelled) and reused, keeps (deadline, insertion) order.
  it('keeps FIFO order when a deadline gets timers while it is popped, and after it emptied', () => {
    const heap = new TimerHeap<string>();
    heap.push(4, 'a1');
    heap.push(4, 'a2');
    heap.push(9, 'z');
    expect(heap.popValue()).toBe('a1');
    heap.push(4, 'a3');
    heap.push(2, 'early');
    expect(drain(heap).slice(0, 3)).toEqual(['early', 'a2', 'a3']);

    const gone = heap.push(6, 'gone');
    heap.push(8, 'b');
    gone.cancel();
    heap.push(6, 'again');
    heap.push(6.5, 'fraction');
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual(['again', 'fraction', 'b']);
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
            const next = live.shift();
            expect(heap.popValue()).toBe(next?.value);
            expect(next?.index ?? -1).toBe(-1);
          }
          expect(heap.size).toBe(live.length);
          expect(heap.nextDeadline()).toBe(Math.min(...live.map((e) => e.deadline)));
        }
        live.sort(byKey);
        expect(drain(heap)).toEqual(live.map((e) => e.value));
        expect(live.every((e) => e.index === -1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  // Removal is lazy and the heap compacts once more than 32 entries, and more than half of it,
  // are removed: these cancel enough timers to compact, with many equal deadlines whose order
  // only the sequence numbers decide.
  it('keeps FIFO order among equal deadlines across a compaction', () => {
    const heap = new TimerHeap<number>();
    const entries = Array.from({ length: 100 }, (_, i) => heap.push(7, i));
    for (const entry of entries) if (entry.value % 3 !== 0) entry.cancel(); // 66 of 100
    heap.push(7, 100);
    heap.push(3, 101);

    expect(heap.size).toBe(36);
    expect(drain(heap)).toEqual([101, ...entries.filter((e) => e.value % 3 === 0).map((e) => e.value), 100]);
  });

  it('pops in (deadline, insertion) order after more cancellations than the compaction threshold (property)', () => {
    type Op = { push: number } | { cancel: number } | { pop: true };
    const deadline = fc.integer({ min: 0, max: 3 }); // few deadlines: mostly ties
    const scenario = fc.integer({ min: 70, max: 250 }).chain((initial) =>
      fc.record({
        initial: fc.array(deadline, { minLength: initial, maxLength: initial }),
        // Cancel more than half of the initial timers, interleaved with pushes of equal deadlines.
        cancels: fc.shuffledSubarray(
          Array.from({ length: initial }, (_, i) => i),
          { minLength: Math.floor(initial / 2) + 1 },
        ),
        pushesBetween: fc.array(fc.option(deadline, { freq: 3 }), { minLength: initial, maxLength: initial }),
        then: fc.array<Op>(
          fc.oneof(
            { weight: 2, arbitrary: deadline.map((d): Op => ({ push: d })) },
            { weight: 2, arbitrary: fc.nat().map((k): Op => ({ cancel: k })) },
            { weight: 1, arbitrary: fc.constant<Op>({ pop: true }) },
          ),
          { maxLength: 300 },
        ),
      }),
    );

    fc.assert(
      fc.property(scenario, ({ initial, cancels, pushesBetween, then }) => {
        const heap = new TimerHeap<number>();
        // The model: live timers as [deadline, insertion index]; values are insertion indexes.
        const handles = new Map<number, ReturnType<TimerHeap<number>['push']>>();
        const live = new Map<number, number>();
        let inserted = 0;
        const push = (d: number): void => {
          const id = inserted++;
          handles.set(id, heap.push(d, id));
          live.set(id, d);
        };
        const cancel = (id: number): void => {
          expect(handles.get(id)?.cancel()).toBe(live.has(id));
          live.delete(id);
        };
        const expectedNext = (): number | undefined => [...live].sort(([a, da], [b, db]) => da - db || a - b)[0]?.[0];

        for (const d of initial) push(d);
        for (const [i, id] of cancels.entries()) {
          cancel(id);
          const d = pushesBetween[i];
          if (d !== null && d !== undefined) push(d);
        }
        for (const op of then) {
          if ('push' in op) push(op.push);
          else if ('cancel' in op) cancel(op.cancel % inserted);
          else {
            const next = expectedNext();
            expect(heap.popValue()).toBe(next);
            if (next !== undefined) live.delete(next);
          }
          expect(heap.size).toBe(live.size);
        }
        const expected = [...live].sort(([a, da], [b, db]) => da - db || a - b).map(([id]) => id);
        expect(drain(heap)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
