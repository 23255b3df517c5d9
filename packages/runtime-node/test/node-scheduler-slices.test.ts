// NodeScheduler's slices, step by step on a clock that only moves when told: a used-up slice
// makes the next dispatch wait for the event loop, a new turn opens a new slice, and a yield
// with nothing left queued still lets later work run. Also the awaitable timer of an already
// aborted signal. Written against the survivors of a mutation run of src/node-scheduler.ts and
// src/timers/ (docs/mutation.md).
import { InvalidArgumentError, type TaskInfo } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { NodeScheduler } from '../src/node-scheduler.js';
import { ManualClock, nextTurn, until } from './helpers.js';

const info = (label: string): TaskInfo => hostInfo(label, 'foreground');

/** Lets every queued microtask (and the ones they queue) run, but no macrotask. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

async function settledScheduler(clock: ManualClock, sliceMs: number): Promise<NodeScheduler> {
  const scheduler = new NodeScheduler({ clock, sliceMs });
  let ran = false;
  scheduler.dispatchForeground(new CallRunnable(info('warm-up'), () => (ran = true)));
  await until(() => ran, 1000, 'warm-up');
  await nextTurn();
  await nextTurn();
  return scheduler;
}

describe('NodeScheduler slices', () => {
  it('after a slice is used up, new work waits for the next event-loop turn, then runs', async () => {
    const clock = new ManualClock();
    const scheduler = await settledScheduler(clock, 5);
    const log: string[] = [];
    // The clock is read every `stride` Runnables (2 after the warm-up, which took no time): two
    // Runnables, so the second one's check finds the slice used up, with nothing left queued.
    for (const name of ['long', 'long2']) {
      scheduler.dispatchForeground(
        new CallRunnable(info(name), () => {
          clock.t += 10;
          log.push(name);
        }),
      );
    }
    await microtasks();
    expect(log).toEqual(['long', 'long2']);
    // Dispatched while the used-up slice is still open (same turn): not drained as a microtask.
    scheduler.dispatchForeground(new CallRunnable(info('next'), () => log.push('next')));
    await microtasks();
    expect(log).toEqual(['long', 'long2']);
    expect(scheduler.pendingRunnables).toBe(1);
    await nextTurn();
    expect(log).toEqual(['long', 'long2', 'next']);
    // And the scheduler is not stuck: later work still runs.
    scheduler.dispatchForeground(new CallRunnable(info('later'), () => log.push('later')));
    await until(() => log.length === 4, 1000, 'later');
    expect(log).toEqual(['long', 'long2', 'next', 'later']);
  });

  it('a new event-loop turn opens a new slice: work drained from a microtask gets a full budget', async () => {
    const clock = new ManualClock();
    const scheduler = await settledScheduler(clock, 5);
    const log: string[] = [];
    scheduler.dispatchForeground(
      new CallRunnable(info('first'), () => {
        clock.t += 3; // within the slice
        log.push('first');
      }),
    );
    await microtasks();
    await nextTurn(); // the slice closes
    await nextTurn();
    clock.t += 3; // 6 ms after the first slice started, 0 into the next
    for (const name of ['a', 'b', 'c'])
      scheduler.dispatchForeground(new CallRunnable(info(name), () => log.push(name)));
    await microtasks();
    expect(log).toEqual(['first', 'a', 'b', 'c']);
  });

  it('a slice spans every drain of one turn: two drains of 3 ms in one turn yield on the second', async () => {
    const clock = new ManualClock();
    const scheduler = await settledScheduler(clock, 5);
    const log: string[] = [];
    const step = (name: string): CallRunnable =>
      new CallRunnable(info(name), () => {
        clock.t += 3;
        log.push(name);
      });
    scheduler.dispatchForeground(step('x'));
    await microtasks(); // first drain: 3 ms
    scheduler.dispatchForeground(step('y'));
    scheduler.dispatchForeground(new CallRunnable(info('z'), () => log.push('z')));
    await microtasks(); // second drain in the same turn: 6 ms in, so it stops after y
    expect(log).toEqual(['x', 'y']);
    await nextTurn();
    expect(log).toEqual(['x', 'y', 'z']);
  });

  it('rejects a slice budget that is not a finite number > 0, saying what it expects', () => {
    for (const sliceMs of ['5' as unknown as number, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        new NodeScheduler({ sliceMs });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain('a finite number of milliseconds > 0');
    }
  });
});

describe('NodeTimer of an already aborted signal', () => {
  it('has no host timer: ref(), unref() and hasRef() do nothing and do not throw', async () => {
    const scheduler = new NodeScheduler();
    const timer = scheduler.timer(10, AbortSignal.abort('gone'));
    expect(timer.ref()).toBe(timer);
    expect(timer.unref()).toBe(timer);
    expect(timer.hasRef()).toBe(false);
    expect(scheduler.pendingTimers).toBe(0);
    await expect(timer).rejects.toBe('gone');
  });
});
