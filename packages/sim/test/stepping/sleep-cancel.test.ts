import { TaskCancelledError } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/index.js';

// ctx.sleep's timer is cancelled together with its task. Before the task has an AbortSignal the
// task keeps the timer itself (no AbortController, no listener); after, the timer takes the signal.
describe('ctx.sleep cancelled with its task', () => {
  it('rejects a pending sleep with the task cancellation error and drops its timer', async () => {
    const sim = new Simulator({ seed: 3 });
    let caught: unknown;
    const task = sim.spawn(async (ctx) => {
      try {
        await ctx.sleep(50);
      } catch (error) {
        caught = error;
      }
    });
    await sim.runUntilIdle();
    expect(sim.pendingTimers).toBe(1);
    expect(task.cancel('stop')).toBe(true);
    expect(sim.pendingTimers).toBe(0);
    await sim.runUntilIdle();
    expect(caught).toBeInstanceOf(TaskCancelledError);
    expect((caught as TaskCancelledError).taskId).toBe(task.id);
    expect(sim.now()).toBe(0);
  });

  it('stops every sleep still pending, including timers started without awaiting them', async () => {
    const sim = new Simulator({ seed: 1 });
    const outcomes: string[] = [];
    const task = sim.spawn(async (ctx) => {
      // Fired ones are pruned as new sleeps are added; the pending ones stay cancellable.
      for (let i = 0; i < 6; i++) await ctx.sleep(1);
      const pending = [ctx.sleep(10), ctx.sleep(20), ctx.sleep(30)];
      const settled = await Promise.allSettled(pending);
      for (const s of settled) outcomes.push(s.status === 'rejected' ? (s.reason as Error).name : 'fulfilled');
    });
    await sim.advanceTime(6);
    expect(sim.pendingTimers).toBe(3);
    task.cancel();
    expect(sim.pendingTimers).toBe(0);
    await sim.runUntilIdle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toEqual(['TaskCancelledError', 'TaskCancelledError', 'TaskCancelledError']);
  });

  it('stops many sleeps pending at once (fired ones interleaved), each exactly once', async () => {
    const sim = new Simulator({ seed: 5 });
    let outcomes: string[] = [];
    const task = sim.spawn(async (ctx) => {
      // 300 sleeps at once, 100 of which fire before the cancel: the list of the task's timers
      // grows past every compaction point with most of it pending.
      const sleeps = Array.from({ length: 300 }, (_, i) => ctx.sleep(i % 3 === 0 ? 1 : 100));
      const settled = await Promise.allSettled(sleeps);
      outcomes = settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).name : 'fired'));
    });
    await sim.advanceTime(1);
    expect(sim.pendingTimers).toBe(200);
    task.cancel();
    expect(sim.pendingTimers).toBe(0);
    await sim.runUntilIdle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.filter((o) => o === 'fired')).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'TaskCancelledError')).toHaveLength(200);
    expect(outcomes.every((o, i) => (i % 3 === 0 ? o === 'fired' : o === 'TaskCancelledError'))).toBe(true);
  });

  it('uses the task signal once the body has read it (listeners on it still run first)', async () => {
    const sim = new Simulator({ seed: 2 });
    const order: string[] = [];
    const task = sim.spawn(async (ctx) => {
      ctx.signal.addEventListener('abort', () => order.push('listener'));
      try {
        await ctx.sleep(5);
      } catch (error) {
        order.push(error instanceof TaskCancelledError ? 'sleep rejected' : 'other');
      }
    });
    await sim.runUntilIdle();
    task.cancel();
    await sim.runUntilIdle();
    expect(order).toEqual(['listener', 'sleep rejected']);
    expect(sim.pendingTimers).toBe(0);
  });

  it('a finished task keeps no timer: a sleep left running fires normally', async () => {
    const sim = new Simulator({ seed: 4, autoAdvance: true });
    let fired = false;
    const task = sim.spawn(async (ctx) => {
      void ctx.sleep(5).then(() => {
        fired = true;
      });
      return 'done';
    });
    await sim.runUntil(task);
    expect(task.cancel()).toBe(false);
    await sim.runUntilIdle();
    expect(fired).toBe(true);
  });
});
