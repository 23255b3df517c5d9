import { InvalidArgumentError, type Runnable, type Scheduler, spawn, type Timer, type TimerHandle } from '@sched/core';
import { attachProbe, forwardControl, probeOf } from '@sched/core/host';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

/** A user's wrapper: implements Scheduler by delegating every method, and logs dispatches. */
class LoggingScheduler implements Scheduler {
  readonly log: string[] = [];
  readonly #inner: Scheduler;

  constructor(inner: Scheduler) {
    this.#inner = inner;
  }

  dispatchForeground(runnable: Runnable): void {
    this.log.push(`fg ${runnable.kind}`);
    this.#inner.dispatchForeground(runnable);
  }

  dispatchBackground(runnable: Runnable): void {
    this.log.push(`bg ${runnable.kind}`);
    this.#inner.dispatchBackground(runnable);
  }

  dispatchAfter(delayMs: number, runnable: Runnable): TimerHandle {
    return this.#inner.dispatchAfter(delayMs, runnable);
  }

  timer(delayMs: number, signal?: AbortSignal): Timer {
    return this.#inner.timer(delayMs, signal);
  }

  now(): number {
    return this.#inner.now();
  }

  isMainThread(): boolean {
    return this.#inner.isMainThread();
  }
}

describe('control of a simulator cannot be lost silently', () => {
  it('a task spawned on a wrapper that does not forward control is refused at spawn, with the fix in the message', () => {
    const sim = new Simulator();
    const wrapper = new LoggingScheduler(sim);

    const error = (() => {
      try {
        spawn(wrapper, async () => 1);
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('forwardControl(wrapper, sim)');
    expect(sim.readyCount).toBe(0);
  });

  it('after forwardControl, tasks spawned on the wrapper are explored like the simulator’s own', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const sim = new Simulator({ seed });
      const wrapper = new LoggingScheduler(sim);
      forwardControl(wrapper, sim);
      const order: string[] = [];
      for (const name of ['a', 'b']) {
        spawn(wrapper, async (ctx) => {
          order.push(`${name}1`);
          await ctx.yieldNow();
          order.push(`${name}2`);
        });
      }
      await sim.runUntilIdle();
      expect(sim.escapes).toEqual([]);
      expect(sim.trace.steps).toBe(4);
      expect(wrapper.log.filter((l) => l.endsWith('start'))).toHaveLength(2);
      orders.add(order.join(' '));
    }
    expect(orders.size).toBe(6);
  });

  it('the probe lives off the Scheduler interface: one reader, set once', () => {
    const sim = new Simulator();
    expect(probeOf(sim)).toBeDefined();
    expect(probeOf(new LoggingScheduler(sim))).toBeUndefined();
    expect(() => attachProbe(sim, { suspend: () => undefined, finished: () => {} })).toThrow(InvalidArgumentError);
    expect(Object.keys(sim)).not.toContain('probe');
  });
});
