import type { Lane, Runnable, TaskPriority } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LaneQueues, slotOf } from '../src/lanes/lane-queues.js';

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
