// The seed's test_gpui_compatibility (004, Phase 5), on the production host (runtime-node) and on
// the simulator, asserting what the seed asserts and the lanes, clock and task states besides.
import { AsyncApp, BackgroundExecutor, ForegroundExecutor, Task } from '@sched/compat-gpui';
import { NodeScheduler } from '@sched/runtime-node';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('test_gpui_compatibility', () => {
  it('on runtime-node: background 42, foreground "hello", a 10 ms timer', async () => {
    const scheduler = new NodeScheduler();
    const background = new BackgroundExecutor(scheduler);
    const foreground = new ForegroundExecutor(scheduler);

    const bg = background.spawn(async () => 42);
    expect(bg.lane).toBe('background');
    expect(await bg).toBe(42);

    const fg = foreground.spawn(async () => 'hello');
    expect(fg.lane).toBe('foreground');
    expect(await fg).toBe('hello');

    const start = scheduler.now();
    const timer = background.timer(10);
    expect(timer).toBeInstanceOf(Task);
    await timer;
    expect(timer.state).toBe('succeeded');
    expect(scheduler.now() - start).toBeGreaterThanOrEqual(9); // a real 10 ms timer (1 ms clock granularity)
  });

  it('on the simulator: the same, with the timer on the virtual clock', async () => {
    const sim = new Simulator({ seed: 7, order: 'session-fifo' });
    const background = new BackgroundExecutor(sim);
    const foreground = new ForegroundExecutor(sim);
    const bg = background.spawn(async () => 42);
    const fg = foreground.spawn(async () => 'hello');
    const timer = background.timer(10);
    await background.runUntilParked();
    expect([bg.isFinished, fg.isFinished, timer.isFinished]).toEqual([true, true, false]);
    expect(await bg).toBe(42);
    expect(await fg).toBe('hello');
    await background.advanceClock(10);
    expect(timer.isFinished).toBe(true);
    expect(sim.now()).toBe(10);
    sim.checkUnobserved();
  });

  it('timer(0) is an already finished task, as in GPUI; bad delays are typed errors', async () => {
    const background = new BackgroundExecutor(new Simulator());
    const ready = background.timer(0);
    expect(ready.isFinished).toBe(true);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => background.timer(bad)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    }
  });

  it('AsyncApp: spawn hands the body the app context, backgroundSpawn uses the background lane', async () => {
    const sim = new Simulator({ seed: 3 });
    const cx = new AsyncApp(sim);
    let inner: Task<number> | undefined;
    const outer = cx.spawn(async (app) => {
      expect(app).toBe(cx);
      inner = app.backgroundSpawn(async () => 5);
      return (await inner) * 2;
    });
    expect(outer.lane).toBe('foreground');
    expect(await sim.runUntil(outer)).toBe(10);
    expect(inner?.lane).toBe('background');
  });

  it('Task.detach and detachAndLogErr: a detached failure reaches the reporter', async () => {
    const scheduler = new NodeScheduler();
    const background = new BackgroundExecutor(scheduler);
    const seen: unknown[] = [];
    const failing = background.spawn(async () => {
      throw new Error('boom');
    });
    failing.detachAndLogErr((error) => seen.push(error));
    const ok = background.spawn(async () => 1);
    ok.detach();
    expect(ok.handling).toBe('detached');
    for (let turn = 0; turn < 100 && seen.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([expect.objectContaining({ message: 'boom' })]);
  });
});
