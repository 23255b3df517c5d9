import { describe, expect, it, vi } from 'vitest';
import { createTimer, ScheduledTimer } from '../src/host.js';
import type { Runnable, TimerHandle } from '../src/index.js';
import { flush, observe, TestHost } from './support/test-host.js';

describe.each([false, true])('ScheduledTimer and its host (probe: %s)', (probe) => {
  it('an already aborted timer still has a deadline: now + delay', async () => {
    const host = new TestHost({ probe });
    await host.advance(5);

    expect(createTimer(host, 10, AbortSignal.abort()).deadline).toBe(15);
  });

  it("schedules through the host's own schedule function when given one, and takes its deadline", async () => {
    const host = new TestHost({ probe });
    const dispatchAfter = vi.spyOn(host, 'dispatchAfter');
    const fires: Runnable[] = [];
    const cancel = vi.fn(() => true);
    const schedule = (delayMs: number, fire: Runnable): TimerHandle & { deadline: number } => {
      fires.push(fire);
      return { cancel, deadline: 40 + delayMs }; // a host that rounds or jitters deadlines
    };

    const timer = new ScheduledTimer(host, 2, undefined, schedule);
    const seen = observe(timer);

    expect(dispatchAfter).not.toHaveBeenCalled();
    expect(timer.deadline).toBe(42);
    fires[0]?.run();
    await host.runAll();
    expect(seen.current).toEqual({ status: 'fulfilled', value: undefined });
    expect(timer.cancel()).toBe(false);
    expect(cancel).not.toHaveBeenCalled();
  });

  it('a handle without a numeric deadline gives now + delay', async () => {
    const host = new TestHost({ probe });
    await host.advance(3);

    const timer = new ScheduledTimer(host, 4, undefined, () => ({ cancel: () => true, deadline: 'soon' }) as never);

    expect(timer.deadline).toBe(7);
  });

  it('listens for abort once, and removes its listener when it fires or is cancelled', async () => {
    for (const end of ['fire', 'cancel'] as const) {
      const host = new TestHost({ probe });
      const controller = new AbortController();
      const added = vi.spyOn(controller.signal, 'addEventListener');
      const removed = vi.spyOn(controller.signal, 'removeEventListener');

      const timer = createTimer(host, 1, controller.signal);
      observe(timer);
      expect(added).toHaveBeenCalledWith('abort', expect.any(Function), { once: true });
      const listener = added.mock.calls[0]?.[1];
      expect(removed).not.toHaveBeenCalled();
      if (end === 'fire') await host.advance(1);
      else timer.cancel();
      await flush();

      expect(removed).toHaveBeenCalledWith('abort', listener);
    }
  });
});
