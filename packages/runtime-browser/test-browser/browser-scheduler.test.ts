import { InvalidArgumentError, spawn, spawnWithPriority, TimerCancelledError } from '@sched/core';
import { BrowserScheduler } from '@sched/runtime-browser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runnable, until, withoutPostTask } from './helpers.js';

const PRIORITIES = ['user-blocking', 'normal', 'background'] as const;
const LANES = ['foreground', 'background'] as const;

/** Dispatches every (priority, lane, index) in `items` synchronously and returns the run order. */
async function runOrder(
  scheduler: BrowserScheduler,
  items: readonly { priority: (typeof PRIORITIES)[number]; lane: (typeof LANES)[number] }[],
): Promise<number[]> {
  const order: number[] = [];
  items.forEach((item, index) => {
    const r = runnable(() => order.push(index), item.priority, item.lane);
    if (item.lane === 'foreground') scheduler.dispatchForeground(r);
    else scheduler.dispatchBackground(r);
  });
  await until(() => order.length === items.length);
  return order;
}

/** The contract: priority first, then foreground before background, then FIFO. */
function expectedOrder(items: readonly { priority: string; lane: string }[]): number[] {
  const rank = (p: string) => PRIORITIES.indexOf(p as never);
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        rank(a.item.priority) - rank(b.item.priority) ||
        LANES.indexOf(a.item.lane as never) - LANES.indexOf(b.item.lane as never) ||
        a.index - b.index,
    )
    .map(({ index }) => index);
}

const itemsArb = fc.array(fc.record({ priority: fc.constantFrom(...PRIORITIES), lane: fc.constantFrom(...LANES) }), {
  minLength: 1,
  maxLength: 40,
});

describe.each(['postTask', 'MessageChannel'] as const)('BrowserScheduler on %s', (kind) => {
  const make = () => new BrowserScheduler({ dispatch: kind });

  test('reports the dispatch primitive and runs on the main thread', () => {
    const scheduler = make();
    expect(scheduler.dispatchKind).toBe(kind);
    expect(scheduler.isMainThread()).toBe(true);
    expect(scheduler.frameBudgetMs).toBe(5);
  });

  test('orders by priority, then lane, then FIFO (property)', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, async (items) => {
        expect(await runOrder(make(), items)).toEqual(expectedOrder(items));
      }),
      { numRuns: 40 },
    );
  });

  test('spawned tasks resolve, and priorities order their starts', async () => {
    const scheduler = make();
    const log: string[] = [];
    const tasks = [
      spawnWithPriority(scheduler, 'background', () => log.push('bg')),
      spawn(scheduler, () => log.push('normal')),
      spawnWithPriority(scheduler, 'user-blocking', () => log.push('ub')),
    ];
    await Promise.all(tasks);
    expect(log).toEqual(['ub', 'normal', 'bg']);
  });

  test('an exception thrown by a Runnable goes to onError and the queue goes on', async () => {
    const errors: unknown[] = [];
    const scheduler = new BrowserScheduler({ dispatch: kind, onError: (error) => errors.push(error) });
    const log: string[] = [];
    scheduler.dispatchForeground(
      runnable(() => {
        throw new Error('oops');
      }),
    );
    scheduler.dispatchForeground(runnable(() => log.push('after')));
    await until(() => log.length === 1);
    expect((errors[0] as Error).message).toBe('oops');
  });

  test('timers fire in deadline order, ties in creation order, cancelled ones never', async () => {
    const scheduler = make();
    const log: string[] = [];
    scheduler.dispatchAfter(
      30,
      runnable(() => log.push('30')),
    );
    scheduler.dispatchAfter(
      10,
      runnable(() => log.push('10a')),
    );
    const cancelled = scheduler.dispatchAfter(
      20,
      runnable(() => log.push('cancelled')),
    );
    scheduler.dispatchAfter(
      0,
      runnable(() => log.push('0')),
    );
    const t = scheduler.dispatchAfter(
      10,
      runnable(() => log.push('10b')),
    );
    expect(t.deadline).toBeGreaterThanOrEqual(scheduler.now() - 1);
    expect(cancelled.cancel()).toBe(true);
    expect(cancelled.cancel()).toBe(false);
    expect(scheduler.pendingTimers).toBe(4);
    await until(() => log.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log).toEqual(['0', '10a', '10b', '30']);
    expect(scheduler.pendingTimers).toBe(0);
  });

  test('a timer never fires before its deadline', async () => {
    const scheduler = make();
    const start = scheduler.now();
    let firedAt = 0;
    scheduler.dispatchAfter(
      25,
      runnable(() => (firedAt = scheduler.now())),
    );
    await until(() => firedAt > 0);
    expect(firedAt - start).toBeGreaterThanOrEqual(25);
  });

  test('awaitable timers resolve; cancel() and an aborted signal reject and free the native timer', async () => {
    const scheduler = make();
    const timer = scheduler.timer(5);
    const cancelled = scheduler.timer(1_000);
    const controller = new AbortController();
    const aborted = scheduler.timer(1_000, controller.signal);
    expect(cancelled.cancel()).toBe(true);
    controller.abort(new Error('stop'));
    await expect(cancelled).rejects.toBeInstanceOf(TimerCancelledError);
    await expect(aborted).rejects.toThrow('stop');
    await timer;
    expect(scheduler.pendingTimers).toBe(0);
    await until(() => !scheduler.holdsHostResources);
  });

  test('an idle scheduler holds nothing: no native timer, no pending turn', async () => {
    const scheduler = make();
    expect(scheduler.holdsHostResources).toBe(false);
    const handle = scheduler.dispatchAfter(
      10_000,
      runnable(() => undefined),
    );
    expect(scheduler.holdsHostResources).toBe(true);
    handle.cancel();
    expect(scheduler.holdsHostResources).toBe(false);
    let ran = false;
    scheduler.dispatchForeground(runnable(() => (ran = true)));
    expect(scheduler.holdsHostResources).toBe(true);
    await until(() => ran);
    await until(() => !scheduler.holdsHostResources);
    expect(scheduler.pendingRunnables).toBe(0);
  });

  test('ctx.sleep inside a task waits on the scheduler timer', async () => {
    const scheduler = make();
    const start = scheduler.now();
    const elapsed = await spawn(scheduler, async (ctx) => {
      await ctx.sleep(15);
      return scheduler.now() - start;
    });
    expect(elapsed).toBeGreaterThanOrEqual(15);
  });

  test('yieldNow() gives the browser a turn: a queued macrotask runs first', async () => {
    const scheduler = make();
    const log: string[] = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => log.push('other task');
    channel.port2.postMessage(null);
    await scheduler.yieldNow();
    log.push('after yield');
    await until(() => log.length === 2);
    channel.port1.close();
    expect(log).toContain('after yield');
    expect(log).toHaveLength(2);
  });
});

describe('BrowserScheduler options', () => {
  test('rejects a bad frame budget and a bad dispatch kind with InvalidArgumentError', () => {
    expect(() => new BrowserScheduler({ frameBudgetMs: 0 })).toThrow(InvalidArgumentError);
    expect(() => new BrowserScheduler({ frameBudgetMs: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => new BrowserScheduler({ dispatch: 'setTimeout' as never })).toThrow(InvalidArgumentError);
  });

  test('rejects bad delays with InvalidArgumentError', () => {
    const scheduler = new BrowserScheduler();
    expect(() =>
      scheduler.dispatchAfter(
        -1,
        runnable(() => undefined),
      ),
    ).toThrow(InvalidArgumentError);
    expect(() => scheduler.timer(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
  });

  test('asks postTask for a turn at the mapped priority of the most urgent queued work', async () => {
    const native = (
      globalThis as unknown as {
        scheduler: { postTask: (cb: () => void, o?: { priority?: string }) => Promise<unknown> };
      }
    ).scheduler;
    const original = native.postTask;
    const asked: unknown[] = [];
    native.postTask = function (this: unknown, callback: () => void, options?: { priority?: string }) {
      asked.push(options?.priority);
      return original.call(this, callback, options);
    };
    try {
      const scheduler = new BrowserScheduler();
      const log: string[] = [];
      scheduler.dispatchBackground(runnable(() => log.push('bg'), 'background', 'background'));
      scheduler.dispatchForeground(runnable(() => log.push('bg2'), 'background'));
      scheduler.dispatchForeground(runnable(() => log.push('n'), 'normal'));
      scheduler.dispatchForeground(runnable(() => log.push('ub'), 'user-blocking'));
      scheduler.dispatchForeground(runnable(() => log.push('ub2'), 'user-blocking'));
      await until(() => log.length === 5);
      // One turn per more urgent level while one is pending; none for work a pending turn covers.
      expect(asked).toEqual(['background', 'user-visible', 'user-blocking']);
      expect(log).toEqual(['ub', 'ub2', 'n', 'bg2', 'bg']);
    } finally {
      native.postTask = original;
    }
  });

  test('yieldNow() awaits scheduler.yield() where the page has it', async () => {
    const native = (globalThis as unknown as { scheduler: { yield: () => Promise<void> } }).scheduler;
    const original = native.yield;
    let calls = 0;
    native.yield = function (this: unknown) {
      calls++;
      return original.call(this);
    };
    try {
      await new BrowserScheduler().yieldNow();
      expect(calls).toBe(1);
    } finally {
      native.yield = original;
    }
  });

  test("maps @sched's priorities 1:1 to postTask's", async () => {
    const { postTaskPriority } = await import('@sched/runtime-browser');
    expect(PRIORITIES.map(postTaskPriority)).toEqual(['user-blocking', 'user-visible', 'background']);
  });
});

describe('the fallback path: scheduler.postTask removed from the page', () => {
  test("'auto' picks MessageChannel, and dispatch: 'postTask' is refused", async () => {
    await withoutPostTask(async () => {
      expect((globalThis as { scheduler?: unknown }).scheduler).toBeUndefined();
      const scheduler = new BrowserScheduler();
      expect(scheduler.dispatchKind).toBe('MessageChannel');
      expect(() => new BrowserScheduler({ dispatch: 'postTask' })).toThrow(InvalidArgumentError);
    });
  });

  test('ordering, tasks, timers and yieldNow work without postTask or scheduler.yield', async () => {
    await withoutPostTask(async () => {
      const scheduler = new BrowserScheduler();
      const items = [
        { priority: 'background', lane: 'foreground' },
        { priority: 'normal', lane: 'background' },
        { priority: 'user-blocking', lane: 'foreground' },
        { priority: 'normal', lane: 'foreground' },
      ] as const;
      expect(await runOrder(scheduler, items)).toEqual([2, 3, 1, 0]);
      const value = await spawn(scheduler, async (ctx) => {
        await ctx.sleep(5);
        await scheduler.yieldNow();
        return 'done';
      });
      expect(value).toBe('done');
      await until(() => !scheduler.holdsHostResources);
    });
  });
});
