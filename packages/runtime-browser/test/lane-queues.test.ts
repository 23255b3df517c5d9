import type { Runnable, TaskPriority } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LaneQueues, priorityOfSlot, slotOf } from '../src/lanes/lane-queues.js';
import { RingQueue } from '../src/lanes/ring-queue.js';

describe('RingQueue', () => {
  test('behaves like an array used as a FIFO (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant('shift' as const)), { maxLength: 300 }), (ops) => {
        const ring = new RingQueue<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') expect(ring.shift()).toBe(model.shift());
          else {
            ring.push(op);
            model.push(op);
          }
          expect(ring.length).toBe(model.length);
        }
      }),
    );
  });
});

describe('LaneQueues', () => {
  const PRIORITIES: TaskPriority[] = ['user-blocking', 'normal', 'background'];

  test('slots order priority first, then lane; priorityOfSlot inverts slotOf', () => {
    const slots = PRIORITIES.flatMap((p) => [slotOf(p, 'foreground'), slotOf(p, 'background')]);
    expect(slots).toEqual([0, 1, 2, 3, 4, 5]);
    expect(slots.map(priorityOfSlot)).toEqual(PRIORITIES.flatMap((p) => [p, p]));
  });

  test('shift returns the front of the most urgent slot; top tracks it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const queues = new LaneQueues();
        const model: Runnable[][] = [[], [], [], [], [], []];
        for (const op of ops) {
          if (op === -1) {
            const slot = model.findIndex((ring) => ring.length > 0);
            expect(queues.shift()).toBe(slot === -1 ? undefined : model[slot]?.shift());
          } else {
            const r = new CallRunnable(hostInfo(`r${op}`), () => undefined);
            queues.push(op, r);
            model[op]?.push(r);
          }
          const top = model.findIndex((ring) => ring.length > 0);
          expect(queues.top).toBe(top === -1 ? 6 : top);
          expect(queues.length).toBe(model.reduce((n, ring) => n + ring.length, 0));
        }
      }),
    );
  });
});
