import fc from 'fast-check';
import { expect, test } from 'vitest';
import { type TimerEntry, TimerHeap } from '../src/timers/timer-heap.js';

test('TimerHeap pops by deadline, ties in seq order (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (deadlines) => {
      const heap = new TimerHeap<TimerEntry>();
      deadlines.forEach((deadline, seq) => heap.push({ deadline, seq, live: true }));
      const popped: [number, number][] = [];
      for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) popped.push([entry.deadline, entry.seq]);
      const expected = deadlines.map((deadline, seq) => [deadline, seq] as [number, number]);
      expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(popped).toEqual(expected);
      expect(heap.length).toBe(0);
    }),
  );
});
