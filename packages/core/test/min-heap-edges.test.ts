// MinHeap edge cases, checked exhaustively on small heaps: removal and key changes that must
// sift up or down, retain's heapify reaching the root, and calls about items the heap does not
// hold. Written against the survivors of a mutation run of runtime-node's src/timers/ (docs/mutation.md),
// before the heap moved to core.
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../src/timers/min-heap.js';

interface Entry {
  heapIndex: number;
  key: number;
}

const less = (a: Entry, b: Entry): boolean => a.key < b.key;
const entry = (key: number): Entry => ({ heapIndex: -1, key });

function permutations(values: readonly number[]): number[][] {
  if (values.length <= 1) return [values.slice()];
  return values.flatMap((v, i) => permutations([...values.slice(0, i), ...values.slice(i + 1)]).map((p) => [v, ...p]));
}

function drain(heap: MinHeap<Entry>): number[] {
  const out: number[] = [];
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) out.push(e.key);
  return out;
}

const KEYS = [0, 1, 2, 3, 4, 5, 6];
// Every third insertion order of 7 keys (1,680 heaps; each key is last in some of them).
const ORDERS = permutations(KEYS).filter((_, i) => i % 3 === 0);

describe('MinHeap (1,680 insertion orders of 7 keys)', () => {
  it('remove(item) from any position keeps heap order, whether the moved last item goes up or down', () => {
    for (const order of ORDERS) {
      for (const victim of KEYS) {
        const heap = new MinHeap<Entry>(less);
        const entries = order.map(entry);
        for (const e of entries) heap.insert(e);
        const removed = entries.find((e) => e.key === victim) as Entry;
        expect(heap.remove(removed)).toBe(true);
        expect(removed.heapIndex).toBe(-1);
        expect(drain(heap)).toEqual(KEYS.filter((k) => k !== victim));
      }
    }
  });

  it('update(item) after its key moved either way restores heap order', () => {
    for (const order of ORDERS.filter((_, i) => i % 3 === 0)) {
      for (const target of KEYS) {
        for (const newKey of [-1, 3.5, 10]) {
          const heap = new MinHeap<Entry>(less);
          const entries = order.map(entry);
          for (const e of entries) heap.insert(e);
          const moved = entries.find((e) => e.key === target) as Entry;
          moved.key = newKey;
          heap.update(moved);
          expect(drain(heap)).toEqual(entries.map((e) => e.key).sort((a, b) => a - b));
        }
      }
    }
  });

  it('retain(keep) restores heap order down to the root', () => {
    for (const order of ORDERS) {
      for (const modulo of [2, 3]) {
        const heap = new MinHeap<Entry>(less);
        for (const key of order) heap.insert(entry(key));
        expect(heap.retain((e) => e.key % modulo !== 0)).toBe(KEYS.filter((k) => k % modulo === 0).length);
        expect(drain(heap)).toEqual(KEYS.filter((k) => k % modulo !== 0));
      }
    }
  });
});

describe('MinHeap: items it does not hold, and small heaps', () => {
  it('remove() and update() of an item not in the heap change nothing', () => {
    const heap = new MinHeap<Entry>(less);
    const [a, b, c] = [entry(1), entry(2), entry(3)];
    heap.insert(a);
    heap.insert(b);
    const outsider = entry(0);
    expect(heap.remove(outsider)).toBe(false);
    heap.update(outsider);
    expect(heap.size).toBe(2);
    expect(heap.remove(b)).toBe(true);
    expect(heap.remove(b)).toBe(false); // twice
    // An item of another heap, whose index points at a slot of this one.
    const other = new MinHeap<Entry>(less);
    other.insert(entry(0));
    other.insert(c);
    expect(c.heapIndex).toBe(1);
    heap.insert(entry(4));
    expect(heap.remove(c)).toBe(false);
    c.key = -5;
    heap.update(c);
    expect(drain(heap)).toEqual([1, 4]);
  });

  it('pop() leaves the popped item outside (heapIndex -1), so removing it again is refused', () => {
    const heap = new MinHeap<Entry>(less);
    const [a, b] = [entry(1), entry(2)];
    heap.insert(b);
    heap.insert(a);
    expect(heap.pop()).toBe(a);
    expect(a.heapIndex).toBe(-1);
    expect(heap.remove(a)).toBe(false);
    expect(heap.size).toBe(1);
  });

  it('reset() forgets every item at once', () => {
    const heap = new MinHeap<Entry>(less);
    for (const key of [3, 1, 2]) heap.insert(entry(key));
    heap.reset();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });
});
