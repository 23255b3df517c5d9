// WorkersScheduler's own logic, on Node's event loop (its behaviour inside workerd is tested in
// test/workerd/). Node has no global-scope rule, so the probe passes here.
import { InvalidArgumentError, type Runnable, spawn, type TaskInfo, TimerCancelledError } from '@sched/core';
import { hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkersScheduler } from '../src/index.js';

const PRIORITIES = ['user-blocking', 'normal', 'background'] as const;

function runnable(task: TaskInfo, run: () => void): Runnable {
  return { task, kind: 'call', run };
}

describe('WorkersScheduler', () => {
  it('rejects a batch size that is not a positive integer', () => {
    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => new WorkersScheduler({ batchSize })).toThrow(InvalidArgumentError);
    }
  });

  it('rejects bad delays with InvalidArgumentError', () => {
    const scheduler = new WorkersScheduler();
    for (const delay of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => scheduler.timer(delay)).toThrow(InvalidArgumentError);
      expect(() =>
        scheduler.dispatchAfter(
          delay,
          runnable(hostInfo('x'), () => {}),
        ),
      ).toThrow(InvalidArgumentError);
    }
  });

  it('runs the most urgent priority first, FIFO among equals, background last', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...PRIORITIES), { minLength: 1, maxLength: 30 }),
        async (priorities) => {
          const scheduler = new WorkersScheduler();
          const order: number[] = [];
          const tasks = priorities.map((priority, i) => spawn(scheduler, () => void order.push(i), { priority }));
          await Promise.all(tasks);
          const rank = (i: number) => PRIORITIES.indexOf(priorities[i] as (typeof PRIORITIES)[number]);
          const expected = priorities.map((_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
          expect(order).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('runs background work only after a macrotask turn', async () => {
    const scheduler = new WorkersScheduler();
    const events: string[] = [];
    const background = spawn(scheduler, () => void events.push('background'), { priority: 'background' });
    const normal = spawn(scheduler, () => void events.push('normal'));
    await normal;
    queueMicrotask(() => events.push('microtask'));
    await background;
    expect(events).toEqual(['normal', 'microtask', 'background']);
  });

  it('continues on a later turn after batchSize Runnables in a row', async () => {
    const scheduler = new WorkersScheduler({ batchSize: 3 });
    const events: string[] = [];
    for (let i = 0; i < 5; i++) scheduler.dispatchForeground(runnable(hostInfo(`r${i}`), () => events.push(`r${i}`)));
    setTimeout(() => events.push('timer'), 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The timer queued before the drain runs between the two batches.
    expect(events).toEqual(['r0', 'r1', 'r2', 'timer', 'r3', 'r4']);
  });

  it("sends a Runnable's exception to onError and keeps draining", async () => {
    const reported: Array<[unknown, string | undefined]> = [];
    const scheduler = new WorkersScheduler({ onError: (error, task) => reported.push([error, task.label]) });
    const ran: string[] = [];
    const boom = new Error('boom');
    scheduler.dispatchForeground(
      runnable(hostInfo('thrower'), () => {
        throw boom;
      }),
    );
    scheduler.dispatchForeground(runnable(hostInfo('next'), () => ran.push('next')));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reported).toEqual([[boom, 'thrower']]);
    expect(ran).toEqual(['next']);
  });

  it('fires timers, and a cancelled timer rejects with TimerCancelledError', async () => {
    const scheduler = new WorkersScheduler();
    const fired = scheduler.timer(5);
    const cancelled = scheduler.timer(5);
    expect(cancelled.cancel()).toBe(true);
    expect(cancelled.cancel()).toBe(false);
    await expect(Promise.resolve(cancelled)).rejects.toBeInstanceOf(TimerCancelledError);
    await fired;
    expect(scheduler.now()).toBeGreaterThanOrEqual(fired.deadline - 1);
    expect(scheduler.isMainThread()).toBe(true);
  });
});
