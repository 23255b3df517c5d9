import type { Lane, Runnable, TaskPriority } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { LaneQueues, priorityOfSlot, RingQueue, slotOf } from '../src/host.js';

const PRIORITIES: TaskPriority[] = ['user-blocking', 'normal', 'background'];
const LANES: Lane[] = ['foreground', 'background'];

function runnable(priority: TaskPriority, lane: Lane, n: number): Runnable {
  return new CallRunnable({ ...hostInfo(`r${n}`, lane), priority }, () => {});
}

describe('LaneQueues', () => {
  it('orders by priority, then foreground before background, then FIFO', () => {
    const item = fc.record({ priority: fc.constantFrom(...PRIORITIES), lane: fc.constantFrom(...LANES) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 200 }), (items) => {
        const queues = new LaneQueues();
        const all = items.map((it, n) => ({ ...it, n, r: runnable(it.priority, it.lane, n) }));
        for (const it of all) queues.push(slotOf(it.priority, it.lane), it.r);
        expect(queues.length).toBe(all.length);
        const expected = [...all].sort((a, b) => slotOf(a.priority, a.lane) - slotOf(b.priority, b.lane) || a.n - b.n);
        const out: Runnable[] = [];
        for (let r = queues.shift(); r !== undefined; r = queues.shift()) out.push(r);
        expect(out).toEqual(expected.map((it) => it.r));
      }),
    );
  });

  it('serves a more urgent Runnable pushed while less urgent ones wait', () => {
    const queues = new LaneQueues();
    const low = runnable('background', 'background', 1);
    const high = runnable('user-blocking', 'foreground', 2);
    queues.push(slotOf('background', 'background'), low);
    expect(queues.shift()).toBe(low);
    queues.push(slotOf('background', 'background'), low);
    queues.push(slotOf('user-blocking', 'foreground'), high);
    expect(queues.shift()).toBe(high);
    expect(queues.shift()).toBe(low);
    expect(queues.shift()).toBeUndefined();
  });

  it('maps every (priority, lane) to a distinct slot, most urgent first', () => {
    const slots = PRIORITIES.flatMap((p) => LANES.map((l) => slotOf(p, l)));
    expect(slots).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

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
