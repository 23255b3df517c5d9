import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../src/timers/min-heap.js';

interface Entry {
  heapIndex: number;
  readonly key: number;
  readonly seq: number;
}

const less = (a: Entry, b: Entry): boolean => a.key < b.key || (a.key === b.key && a.seq < b.seq);

type Op =
  | { kind: 'insert'; key: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'pop' }
  | { kind: 'retain'; modulo: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), key: fc.integer({ min: 0, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('retain' as const), modulo: fc.integer({ min: 1, max: 4 }) }),
  },
);

describe('MinHeap', () => {
  it('pops in (key, insertion) order after any sequence of inserts, removals, retains and pops', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new MinHeap<Entry>(less);
        let live: Entry[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'insert') {
            const entry = { heapIndex: -1, key: o.key, seq: seq++ };
            heap.insert(entry);
            live.push(entry);
          } else if (o.kind === 'remove') {
            if (live.length === 0) continue;
            const victim = live[o.pick % live.length] as Entry;
            expect(heap.remove(victim)).toBe(true);
            expect(heap.remove(victim)).toBe(false);
            expect(victim.heapIndex).toBe(-1);
            live = live.filter((e) => e !== victim);
          } else if (o.kind === 'retain') {
            const keep = (e: Entry): boolean => e.seq % o.modulo === 0;
            const dropped = live.filter((e) => !keep(e));
            expect(heap.retain(keep)).toBe(dropped.length);
            for (const e of dropped) expect(e.heapIndex).toBe(-1);
            live = live.filter(keep);
          } else {
            const expected = [...live].sort((a, b) => (less(a, b) ? -1 : 1))[0];
            expect(heap.pop()).toBe(expected);
            live = live.filter((e) => e !== expected);
          }
          expect(heap.size).toBe(live.length);
        }
        const sorted = [...live].sort((a, b) => (less(a, b) ? -1 : 1));
        const popped: Entry[] = [];
        for (let e = heap.pop(); e !== undefined; e = heap.pop()) popped.push(e);
        expect(popped).toEqual(sorted);
      }),
    );
  });

  it('keeps FIFO order among equal keys', () => {
    const heap = new MinHeap<Entry>(less);
    for (let i = 0; i < 50; i++) heap.insert({ heapIndex: -1, key: 7, seq: i });
    const seqs: number[] = [];
    for (let e = heap.pop(); e !== undefined; e = heap.pop()) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('clear() empties the heap and detaches every entry', () => {
    const heap = new MinHeap<Entry>(less);
    const entries = [3, 1, 2].map((key, seq) => ({ heapIndex: -1, key, seq }));
    for (const e of entries) heap.insert(e);
    expect(heap.clear()).toHaveLength(3);
    expect(heap.size).toBe(0);
    for (const e of entries) expect(e.heapIndex).toBe(-1);
    expect(heap.remove(entries[0] as Entry)).toBe(false);
  });
});
