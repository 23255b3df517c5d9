import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTimer, ScheduledTimer, TIMER_INFO } from '../src/host.js';
import { spawn, TimerCancelledError } from '../src/index.js';
import { flush, observe, TestHost } from './support/test-host.js';

describe.each([false, true])('createTimer (probe: %s)', (probe) => {
  it('resolves when the clock reaches its deadline, not before', async () => {
    const host = new TestHost({ probe });
    await host.advance(5);
    const timer = createTimer(host, 10);
    const seen = observe(timer);

    expect(timer.deadline).toBe(15);
    await host.advance(9);
    expect(seen.current.status).toBe('pending');
    await host.advance(1);
    expect(seen.current).toEqual({ status: 'fulfilled', value: undefined });
    expect(host.now()).toBe(15);
  });

  it('ref() and unref() return the timer; without host support they change nothing', async () => {
    const host = new TestHost({ probe });
    const timer = createTimer(host, 3);
    expect(timer.unref()).toBe(timer);
    expect(timer.ref()).toBe(timer);
    const seen = observe(timer.unref());
    await host.advance(3);
    expect(seen.current).toEqual({ status: 'fulfilled', value: undefined });
  });

  it('ref() and unref() forward to the host handle when it has them', () => {
    const calls: string[] = [];
    const handle = { cancel: () => true, ref: () => calls.push('ref'), unref: () => calls.push('unref') };
    const timer = new ScheduledTimer(new TestHost({ probe }), 5, undefined, () => handle);
    timer.unref().ref();
    expect(calls).toEqual(['unref', 'ref']);
  });

  it('dispatches one timer Runnable with host info (not a task)', async () => {
    const host = new TestHost({ probe });
    createTimer(host, 1);
    await host.advance(1);
    expect(host.ran).toEqual([{ kind: 'timer', taskId: 0, label: 'timer', lane: 'foreground', priority: 'normal' }]);
    expect(TIMER_INFO.id).toBe(0);
    expect(Object.isFrozen(TIMER_INFO)).toBe(true);
  });

  it('a zero delay is allowed and fires on the next advance', async () => {
    const host = new TestHost({ probe });
    const seen = observe(createTimer(host, 0));
    await host.advance(0);
    expect(seen.current.status).toBe('fulfilled');
  });

  it('cancel() before firing: rejects with TimerCancelledError, releases the host timer, returns true once', async () => {
    const host = new TestHost({ probe });
    const timer = host.timer(10);
    const seen = observe(timer);

    expect(timer.cancel()).toBe(true);
    expect(timer.cancel()).toBe(false);
    await flush();

    expect(host.pendingTimers).toBe(0);
    expect((seen.current as { reason: unknown }).reason).toBeInstanceOf(TimerCancelledError);
    await host.advance(20);
    expect(host.ran).toEqual([]);
  });

  it('cancel() after firing returns false and keeps the fulfilment', async () => {
    const host = new TestHost({ probe });
    const timer = host.timer(1);
    await host.advance(1);
    expect(timer.cancel()).toBe(false);
    await expect(timer).resolves.toBeUndefined();
  });

  it('aborting its signal rejects with the signal reason and releases the host timer', async () => {
    const host = new TestHost({ probe });
    const controller = new AbortController();
    const timer = host.timer(10, controller.signal);
    const seen = observe(timer);
    const reason = new Error('aborted by caller');

    controller.abort(reason);
    await flush();

    expect(seen.current).toEqual({ status: 'rejected', reason });
    expect(host.pendingTimers).toBe(0);
    expect(timer.cancel()).toBe(false);
  });

  it('an already aborted signal rejects at once and dispatches nothing', async () => {
    const host = new TestHost({ probe });
    const timer = host.timer(10, AbortSignal.abort('pre-aborted'));
    await expect(timer).rejects.toBe('pre-aborted');
    expect(host.pendingTimers).toBe(0);
    expect(timer.cancel()).toBe(false);
  });

  it('aborting after the timer fired changes nothing', async () => {
    const host = new TestHost({ probe });
    const controller = new AbortController();
    const timer = host.timer(1, controller.signal);
    await host.advance(1);
    controller.abort('late');
    await expect(timer).resolves.toBeUndefined();
  });

  it('property: timers resolve in deadline order, FIFO among equal deadlines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 20 }), async (delays) => {
        const host = new TestHost({ probe });
        const order: number[] = [];
        delays.forEach((d, i) => {
          void createTimer(host, d).then(() => order.push(i));
        });

        await host.advance(20);

        const expected = delays
          .map((d, i) => ({ d, i }))
          .sort((a, b) => a.d - b.d || a.i - b.i)
          .map((x) => x.i);
        expect(order).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('property: tasks sleeping random delays wake in deadline order at the right clock reading', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }), async (delays) => {
        const host = new TestHost({ probe });
        const woke: Array<[number, number]> = [];
        delays.forEach((d, i) => {
          spawn(host, async (ctx) => {
            await ctx.sleep(d);
            woke.push([i, ctx.scheduler.now()]);
          }).detach();
        });

        await host.advance(50);

        const expected = delays
          .map((d, i) => ({ d, i }))
          .sort((a, b) => a.d - b.d || a.i - b.i)
          .map((x): [number, number] => [x.i, x.d]);
        expect(woke).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
