import { readFile } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import {
  InvalidArgumentError,
  type Lane,
  type Runnable,
  spawn,
  TaskCancelledError,
  type TaskInfo,
  type TaskPriority,
  TimerCancelledError,
} from '@sched/core';
import { CallRunnable, hostInfo, probeOf } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { NodeScheduler } from '../src/node-scheduler.js';
import type { NodeTimer } from '../src/timers/node-timer.js';
import type { NodeTimerHandle } from '../src/timers/node-timer-handle.js';
import { ManualClock, nextTurn, until } from './helpers.js';

function info(label: string, priority: TaskPriority = 'normal', lane: Lane = 'foreground'): TaskInfo {
  return { ...hostInfo(label, lane), priority };
}

function recorder(
  log: string[],
  label: string,
  priority: TaskPriority = 'normal',
  lane: Lane = 'foreground',
): Runnable {
  return new CallRunnable(info(label, priority, lane), () => log.push(label));
}

/** A scheduler whose first slice has started (its slice clock is set), on a clock that stands still. */
async function warmScheduler(options: ConstructorParameters<typeof NodeScheduler>[0] = {}): Promise<NodeScheduler> {
  const scheduler = new NodeScheduler(options);
  let ran = false;
  scheduler.dispatchForeground(new CallRunnable(info('warm-up'), () => (ran = true)));
  await until(() => ran, 1000, 'warm-up');
  await nextTurn();
  return scheduler;
}

describe('NodeScheduler lanes', () => {
  it('runs Runnables by priority, foreground before background, FIFO among equals', async () => {
    const item = fc.record({
      priority: fc.constantFrom<TaskPriority>('user-blocking', 'normal', 'background'),
      lane: fc.constantFrom<Lane>('foreground', 'background'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 60 }), async (items) => {
        const scheduler = await warmScheduler({ clock: new ManualClock() });
        const log: string[] = [];
        items.forEach((it, n) => {
          const r = recorder(log, `${n}`, it.priority, it.lane);
          if (it.lane === 'foreground') scheduler.dispatchForeground(r);
          else scheduler.dispatchBackground(r);
        });
        await until(() => log.length === items.length, 2000, 'runnables');
        const rank = { 'user-blocking': 0, normal: 1, background: 2 };
        const expected = items
          .map((it, n) => ({ n, key: rank[it.priority] * 2 + (it.lane === 'foreground' ? 0 : 1) }))
          .sort((a, b) => a.key - b.key || a.n - b.n)
          .map((x) => `${x.n}`);
        expect(log).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('runs work dispatched while draining in the same drain, after what was already queued', async () => {
    const scheduler = await warmScheduler({ clock: new ManualClock() });
    const log: string[] = [];
    scheduler.dispatchForeground(
      new CallRunnable(info('a'), () => {
        log.push('a');
        scheduler.dispatchForeground(recorder(log, 'c'));
        scheduler.dispatchForeground(recorder(log, 'urgent', 'user-blocking'));
      }),
    );
    scheduler.dispatchForeground(recorder(log, 'b'));
    await until(() => log.length === 4);
    expect(log).toEqual(['a', 'urgent', 'b', 'c']);
  });

  it('drains many Runnables per event-loop turn while the slice lasts', async () => {
    const scheduler = await warmScheduler({ clock: new ManualClock() });
    let ran = 0;
    let turnEnded = false;
    let ranBeforeTurnEnded = -1;
    setImmediate(() => {
      turnEnded = true;
      ranBeforeTurnEnded = ran;
    });
    for (let i = 0; i < 10_000; i++) scheduler.dispatchForeground(new CallRunnable(info('tiny'), () => void ran++));
    await until(() => turnEnded && ran === 10_000);
    // The clock never advanced, so the slice never ran out: all of them ran before the next turn.
    expect(ranBeforeTurnEnded).toBe(10_000);
  });

  it('yields to the event loop once sliceMs of work has run', async () => {
    const clock = new ManualClock();
    const scheduler = await warmScheduler({ clock, sliceMs: 5 });
    let turn = 0;
    let spinning = true;
    const tick = (): void => {
      turn++;
      if (spinning) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    for (let i = 0; i < 40; i++) {
      scheduler.dispatchForeground(
        new CallRunnable(info(`work${i}`), () => {
          clock.t += 1; // each Runnable "takes" 1 ms
          turns.push(turn);
        }),
      );
    }
    await until(() => turns.length === 40);
    spinning = false;
    const perTurn = new Map<number, number>();
    for (const t of turns) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    // 40 ms of work in slices of 5 ms: at most 5 Runnables (5 ms) per turn, over at least 8 turns.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(5);
    expect(perTurn.size).toBeGreaterThanOrEqual(8);
  });

  it('lets timers and I/O run while a lane is kept busy', async () => {
    const scheduler = new NodeScheduler({ sliceMs: 2 });
    let runs = 0;
    let stop = false;
    const again = (): void => {
      runs++;
      const end = performance.now() + 0.2;
      while (performance.now() < end) {
        // simulate CPU work
      }
      if (!stop) scheduler.dispatchForeground(new CallRunnable(info('busy'), again));
    };
    scheduler.dispatchForeground(new CallRunnable(info('busy'), again));
    let runsWhenTimerFired = -1;
    let runsWhenFileRead = -1;
    setTimeout(() => (runsWhenTimerFired = runs), 5);
    void readFile(new URL(import.meta.url)).then(() => (runsWhenFileRead = runs));
    await until(() => runsWhenTimerFired >= 0 && runsWhenFileRead >= 0, 10_000, 'timer and I/O');
    stop = true;
    await until(() => scheduler.pendingRunnables === 0);
    // The busy lane never went idle, yet the timer and the read completed while it was running.
    expect(runsWhenTimerFired).toBeGreaterThan(0);
    expect(runsWhenFileRead).toBeGreaterThanOrEqual(0);
    expect(runs).toBeGreaterThan(runsWhenTimerFired);
  });

  it('reports a Runnable that throws and keeps draining', async () => {
    const errors: [unknown, TaskInfo][] = [];
    const scheduler = new NodeScheduler({ onError: (error, task) => errors.push([error, task]) });
    const log: string[] = [];
    const boom = new Error('boom');
    scheduler.dispatchForeground(
      new CallRunnable(info('thrower'), () => {
        throw boom;
      }),
    );
    scheduler.dispatchForeground(recorder(log, 'after'));
    await until(() => log.length === 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[0]).toBe(boom);
    expect(errors[0]?.[1].label).toBe('thrower');
  });

  it('reads the injected clock and knows which thread it is on', () => {
    const clock = new ManualClock();
    clock.t = 1234.5;
    const scheduler = new NodeScheduler({ clock });
    expect(scheduler.now()).toBe(1234.5);
    expect(scheduler.isMainThread()).toBe(isMainThread);
    expect(probeOf(scheduler)).toBeUndefined();
  });

  it('rejects a bad slice budget', () => {
    for (const sliceMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new NodeScheduler({ sliceMs })).toThrow(InvalidArgumentError);
    }
  });
});

describe('NodeScheduler timers', () => {
  it('rejects negative, NaN and infinite delays', () => {
    const scheduler = new NodeScheduler();
    const r = recorder([], 'x');
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => scheduler.dispatchAfter(bad, r)).toThrow(InvalidArgumentError);
      expect(() => scheduler.timer(bad)).toThrow(InvalidArgumentError);
    }
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('fires in deadline order, FIFO for equal delays', async () => {
    const clock = new ManualClock();
    const scheduler = new NodeScheduler({ clock });
    const log: string[] = [];
    scheduler.dispatchAfter(30, recorder(log, '30'));
    scheduler.dispatchAfter(10, recorder(log, '10a'));
    scheduler.dispatchAfter(20, recorder(log, '20'));
    scheduler.dispatchAfter(10, recorder(log, '10b'));
    scheduler.dispatchAfter(0, recorder(log, '0'));
    const cancelled = scheduler.dispatchAfter(15, recorder(log, 'cancelled'));
    expect(scheduler.pendingTimers).toBe(6);
    expect(cancelled.cancel()).toBe(true);
    expect(cancelled.cancel()).toBe(false);
    clock.t = 100; // everything is due at the next native wake-up: order comes from the deadlines alone
    await until(() => log.length === 5);
    expect(log).toEqual(['0', '10a', '10b', '20', '30']);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('fires only what is due, and the rest later', async () => {
    const clock = new ManualClock();
    const scheduler = new NodeScheduler({ clock });
    const log: string[] = [];
    scheduler.dispatchAfter(5, recorder(log, 'soon'));
    scheduler.dispatchAfter(50, recorder(log, 'later'));
    clock.t = 10;
    await until(() => log.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['soon']);
    expect(scheduler.pendingTimers).toBe(1);
    clock.t = 60;
    await until(() => log.length === 2);
    expect(log).toEqual(['soon', 'later']);
  });

  it('fires due timers in (deadline, creation) order, whatever their lane or priority', async () => {
    const clock = new ManualClock();
    const scheduler = new NodeScheduler({ clock });
    const log: string[] = [];
    // Like setTimeout callbacks, due timers run from the timer callback itself, not from the
    // lanes: a background task's timer created first fires first.
    scheduler.dispatchAfter(5, recorder(log, 'background', 'background', 'background'));
    scheduler.dispatchAfter(5, recorder(log, 'urgent', 'user-blocking', 'foreground'));
    scheduler.dispatchAfter(4, recorder(log, 'earlier'));
    clock.t = 10;
    await until(() => log.length === 3);
    expect(log).toEqual(['earlier', 'background', 'urgent']);
    expect(scheduler.pendingRunnables).toBe(0);
  });

  it('fires fractional and whole delays from any start time in (deadline, creation) order (property)', async () => {
    type Op = { advance: number; delay: number; priority: TaskPriority; lane: Lane };
    const op: fc.Arbitrary<Op> = fc.record({
      advance: fc.integer({ min: 0, max: 8 }).map((n) => n * 0.25),
      delay: fc.oneof(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 24 }).map((n) => n / 4 + 0.1),
      ),
      priority: fc.constantFrom<TaskPriority>('user-blocking', 'normal', 'background'),
      lane: fc.constantFrom<Lane>('foreground', 'background'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.1, max: 5000, noNaN: true }),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        async (start, ops) => {
          const clock = new ManualClock();
          clock.t = start;
          const scheduler = new NodeScheduler({ clock });
          const fired: string[] = [];
          const created: { name: string; deadline: number; index: number }[] = [];
          for (const [index, o] of ops.entries()) {
            clock.t += o.advance;
            const name = `t${index}`;
            const handle = scheduler.dispatchAfter(o.delay, recorder(fired, name, o.priority, o.lane));
            const deadline = Math.ceil(clock.t + o.delay);
            expect(handle.deadline).toBe(deadline);
            created.push({ name, deadline, index });
          }
          clock.t += 50;
          await until(() => fired.length === created.length, 2000, 'timers to fire');
          const expected = [...created].sort((x, y) => x.deadline - y.deadline || x.index - y.index).map((t) => t.name);
          expect(fired).toEqual(expected);
          expect(scheduler.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a timer cancelled inside a firing batch never runs; one created inside it waits for a later callback', async () => {
    const clock = new ManualClock();
    const scheduler = new NodeScheduler({ clock });
    const log: string[] = [];
    const handles: NodeTimerHandle[] = [];
    let late: NodeTimerHandle | undefined;
    handles.push(
      scheduler.dispatchAfter(
        1,
        new CallRunnable(info('first'), () => {
          log.push('first');
          // Both due in this batch: one on the same delay list, one on another list.
          expect(handles[1]?.cancel()).toBe(true);
          expect(handles[2]?.cancel()).toBe(true);
          late = scheduler.dispatchAfter(0, recorder(log, 'created-in-batch'));
        }),
      ),
    );
    handles.push(scheduler.dispatchAfter(1, recorder(log, 'cancelled-same-list')));
    handles.push(scheduler.dispatchAfter(2, recorder(log, 'cancelled-other-list')));
    handles.push(scheduler.dispatchAfter(3, recorder(log, 'last')));
    clock.t = 10;
    await until(() => log.length >= 2);
    // `created-in-batch` is due (deadline 10) but was created after the batch started.
    expect(log).toEqual(['first', 'last']);
    expect(late?.isPending).toBe(true);
    expect(scheduler.pendingTimers).toBe(1);
    await until(() => log.length === 3);
    expect(log).toEqual(['first', 'last', 'created-in-batch']);
    expect(handles.map((h) => h.isPending)).toEqual([false, false, false, false]);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('runs a due batch back to back: nextTick and microtasks queued by a timer run after the batch', async () => {
    // Node runs process.nextTick callbacks, then microtasks, after every setTimeout callback; a
    // due batch of @sched timers runs in one callback, like a lane drain, and they follow it.
    const clock = new ManualClock();
    const scheduler = new NodeScheduler({ clock });
    const log: string[] = [];
    const queueing = (name: string): Runnable =>
      new CallRunnable(info(name), () => {
        log.push(name);
        queueMicrotask(() => log.push(`${name}:microtask`));
        process.nextTick(() => log.push(`${name}:tick`));
      });
    scheduler.dispatchAfter(1, queueing('a'));
    scheduler.dispatchAfter(2, queueing('b'));
    clock.t = 5;
    await until(() => log.length === 6);
    expect(log).toEqual(['a', 'b', 'a:tick', 'b:tick', 'a:microtask', 'b:microtask']);

    // The native order, for comparison (the same two callbacks from one setTimeout list).
    const native: string[] = [];
    const nativeQueueing = (name: string) => () => {
      native.push(name);
      queueMicrotask(() => native.push(`${name}:microtask`));
      process.nextTick(() => native.push(`${name}:tick`));
    };
    setTimeout(nativeQueueing('a'), 1);
    setTimeout(nativeQueueing('b'), 1);
    await until(() => native.length === 6);
    expect(native).toEqual(['a', 'a:tick', 'a:microtask', 'b', 'b:tick', 'b:microtask']);
  });

  it('reports a timer Runnable that throws and fires the rest of the batch', async () => {
    const clock = new ManualClock();
    const errors: [unknown, TaskInfo][] = [];
    const scheduler = new NodeScheduler({ clock, onError: (error, task) => errors.push([error, task]) });
    const log: string[] = [];
    const boom = new Error('boom');
    scheduler.dispatchAfter(
      1,
      new CallRunnable(info('thrower'), () => {
        throw boom;
      }),
    );
    scheduler.dispatchAfter(1, recorder(log, 'after'));
    clock.t = 5;
    await until(() => log.length === 1);
    expect(errors.map(([error, task]) => [error, task.label])).toEqual([[boom, 'thrower']]);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('never fires before the deadline on its own clock', async () => {
    const scheduler = new NodeScheduler();
    const deadlines: [number, number][] = [];
    for (const delay of [1, 3, 7, 12]) {
      const timer = scheduler.timer(delay);
      void timer.then(() => deadlines.push([timer.deadline, scheduler.now()]));
    }
    await until(() => deadlines.length === 4);
    for (const [deadline, firedAt] of deadlines) expect(firedAt).toBeGreaterThanOrEqual(deadline);
  });

  it('cancels an awaitable timer through its AbortSignal or cancel()', async () => {
    const scheduler = new NodeScheduler();
    const controller = new AbortController();
    const timer = scheduler.timer(60_000, controller.signal);
    expect(scheduler.pendingTimers).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(timer).rejects.toBe(reason);
    expect(scheduler.pendingTimers).toBe(0);

    const other = scheduler.timer(60_000);
    expect(other.cancel()).toBe(true);
    expect(other.cancel()).toBe(false);
    await expect(other).rejects.toBeInstanceOf(TimerCancelledError);
    expect(scheduler.pendingTimers).toBe(0);

    const preAborted = scheduler.timer(10, AbortSignal.abort('early'));
    await expect(preAborted).rejects.toBe('early');
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('refs timers by default, like setTimeout; unref() and ref() change one timer', () => {
    const scheduler = new NodeScheduler();
    const handle = scheduler.dispatchAfter(60_000, recorder([], 'x'));
    const timer = scheduler.timer(60_000);
    expect(handle.hasRef()).toBe(true);
    expect(timer.hasRef()).toBe(true);
    expect(scheduler.refedTimers).toBe(2);
    expect(timer.unref()).toBe(timer);
    expect(handle.unref()).toBe(handle);
    expect(timer.hasRef()).toBe(false);
    expect(scheduler.refedTimers).toBe(0);
    timer.ref();
    expect(scheduler.refedTimers).toBe(1);
    scheduler.clearTimers();
    expect(scheduler.refedTimers).toBe(0);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('ref() / unref() keep the Node types (chainable before await)', () => {
    const scheduler = new NodeScheduler();
    const timer = scheduler.timer(60_000);
    expectTypeOf(timer.unref()).toEqualTypeOf<NodeTimer>();
    expectTypeOf(scheduler.dispatchAfter(60_000, recorder([], 'z')).unref()).toEqualTypeOf<NodeTimerHandle>();
    scheduler.clearTimers();
  });

  it('refTimers: false starts every timer unref’d', () => {
    const lax = new NodeScheduler({ refTimers: false });
    const handle = lax.dispatchAfter(60_000, recorder([], 'y'));
    const timer = lax.timer(60_000);
    expect(handle.hasRef()).toBe(false);
    expect(timer.hasRef()).toBe(false);
    expect(lax.refedTimers).toBe(0);
    handle.ref();
    expect(lax.refedTimers).toBe(1);
    handle.cancel();
    timer.cancel();
    expect(lax.refedTimers).toBe(0);
  });

  it('ctx.sleep(ms).unref() type-checks and unrefs the host timer', async () => {
    const scheduler = new NodeScheduler();
    let seen = -1;
    const task = spawn(scheduler, async (ctx) => {
      const sleep = ctx.sleep(5).unref();
      seen = scheduler.refedTimers;
      await sleep;
      return 'woke';
    });
    expect(await task).toBe('woke');
    expect(seen).toBe(0);
    expect(scheduler.pendingTimers).toBe(0);
  });
});

describe('NodeScheduler with tasks', () => {
  it('runs spawned tasks, their sleeps and priorities', async () => {
    const scheduler = await warmScheduler();
    const log: string[] = [];
    const low = spawn(scheduler, () => log.push('low'), { priority: 'background' });
    const high = spawn(scheduler, () => log.push('high'), { priority: 'user-blocking' });
    const sleeper = spawn(scheduler, async (ctx) => {
      await ctx.sleep(5);
      return 'slept';
    });
    await Promise.all([low, high]);
    expect(log).toEqual(['high', 'low']);
    expect(await sleeper).toBe('slept');
  });

  it('cancels a sleeping task and releases its timer', async () => {
    const scheduler = new NodeScheduler();
    const task = spawn(scheduler, async (ctx) => {
      await ctx.sleep(60_000);
      return 'never';
    });
    await until(() => scheduler.pendingTimers === 1);
    expect(task.cancel('enough')).toBe(true);
    await expect(task).rejects.toBeInstanceOf(TaskCancelledError);
    expect(scheduler.pendingTimers).toBe(0);
    expect(await task.fallible()).toBeUndefined();
  });
});
