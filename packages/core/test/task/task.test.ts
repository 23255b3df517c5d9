import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskContext } from '../../src/index.js';
import {
  SchedError,
  setSpawnLocationCapture as setCapture,
  spawn,
  Task,
  TaskCancelledError,
  TimerCancelledError,
} from '../../src/index.js';
import { emittedDuring } from '../support/process-events.js';
import { captureReports, type Report } from '../support/reporter.js';
import { observe, TestHost } from '../support/test-host.js';

// These tests read spawn locations; production hosts capture them only when asked ('auto' default).
let previousCapture: ReturnType<typeof setCapture>;
beforeAll(() => {
  previousCapture = setCapture(true);
});
afterAll(() => {
  setCapture(previousCapture);
});

const MODES = [
  { mode: 'native (no probe)', probe: false },
  { mode: 'probe', probe: true },
] as const;

let reports: Report[];
let restoreReporter: () => void;
beforeEach(() => {
  ({ reports, restore: restoreReporter } = captureReports());
});
afterEach(() => {
  restoreReporter();
});

/** Never settles: a foreign wait the body can sit in. */
const forever = (): Promise<never> => new Promise<never>(() => {});

describe.each(MODES)('Task lifecycle ($mode)', ({ probe }) => {
  it('does not run the body inside spawn; dispatches one start Runnable on its lane', () => {
    const host = new TestHost({ probe });
    let ran = false;

    const task = spawn(
      host,
      () => {
        ran = true;
        return 1;
      },
      { label: 'lazy', priority: 'user-blocking' },
    );

    expect(ran).toBe(false);
    expect(task.state).toBe('scheduled');
    expect(task.isFinished).toBe(false);
    expect(task.isCancelled).toBe(false);
    expect(host.dispatched).toEqual([
      { kind: 'start', taskId: task.id, label: 'lazy', lane: 'foreground', priority: 'user-blocking' },
    ]);
  });

  it('dispatches background tasks with dispatchBackground', () => {
    const host = new TestHost({ probe });
    const task = spawn(host, () => 1, { lane: 'background' });
    expect(task.lane).toBe('background');
    expect(host.dispatched.map((d) => [d.lane, d.kind, d.taskId])).toEqual([['background', 'start', task.id]]);
  });

  it('gives unique, increasing ids and defaults: normal priority, foreground, no label/session', () => {
    const host = new TestHost({ probe });
    const a = spawn(host, () => 1);
    const b = spawn(host, () => 2);
    expect(b.id).toBeGreaterThan(a.id);
    expect(a.id).toBeGreaterThan(0);
    expect([a.priority, a.lane, a.label, a.sessionId]).toEqual(['normal', 'foreground', undefined, undefined]);
  });

  it('sync body: scheduled → succeeded, every await gives the value', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, () => 42);

    await host.runAll();

    expect(task.state).toBe('succeeded');
    expect(task.isFinished).toBe(true);
    await expect(task).resolves.toBe(42);
    expect(await task).toBe(42);
  });

  it('async body: running while suspended, then succeeded', async () => {
    const host = new TestHost({ probe });
    const seen: string[] = [];
    const task = spawn(host, async (ctx) => {
      seen.push('start');
      await ctx.sleep(10);
      seen.push('woke');
      return 'done';
    });

    await host.runAll();
    expect(task.state).toBe('running');
    expect(task.isFinished).toBe(false);
    expect(seen).toEqual(['start']);

    await host.advance(9);
    expect(task.state).toBe('running');

    await host.advance(1);
    expect(seen).toEqual(['start', 'woke']);
    expect(task.state).toBe('succeeded');
    await expect(task).resolves.toBe('done');
  });

  it('body that throws synchronously: failed, awaiting rethrows the same error', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('boom');
    const task = spawn(host, (): number => {
      throw boom;
    });

    await host.runAll();

    expect(task.state).toBe('failed');
    expect(task.isFinished).toBe(true);
    await expect(task).rejects.toBe(boom);
  });

  it('async body that rejects: failed, awaiting rethrows the same error', async () => {
    const host = new TestHost({ probe });
    const boom = new RangeError('async boom');
    const task = spawn(host, async (ctx) => {
      await ctx.yieldNow();
      throw boom;
    });

    await host.runAll();

    expect(task.state).toBe('failed');
    await expect(task).rejects.toBe(boom);
  });

  it('hands the body a context bound to its task and scheduler', async () => {
    const host = new TestHost({ probe });
    let ctx: TaskContext | undefined;
    const task = spawn(
      host,
      (c) => {
        ctx = c;
      },
      { label: 'ctx' },
    );

    await host.runAll();

    expect(ctx?.task).toBe(task);
    expect(ctx?.task.label).toBe('ctx');
    expect(ctx?.scheduler).toBe(host);
    expect(ctx?.signal.aborted).toBe(false);
  });

  it('a task awaiting another task gets its value (and its error)', async () => {
    const host = new TestHost({ probe });
    const inner = spawn(host, async (ctx) => {
      await ctx.sleep(5);
      return 7;
    });
    const failing = spawn(host, async (ctx) => {
      await ctx.sleep(1);
      throw new Error('inner failed');
    });
    const outer = spawn(host, async () => {
      const v = await inner;
      try {
        await failing;
        return -1;
      } catch (error) {
        return v * 10 + (error instanceof Error && error.message === 'inner failed' ? 1 : 0);
      }
    });

    await host.advance(10);

    await expect(outer).resolves.toBe(71);
    if (probe) {
      // The outer task's wake-ups went through resume Runnables on its own lane.
      const resumes = host.ran.filter((r) => r.kind === 'resume' && r.taskId === outer.id);
      expect(resumes.length).toBeGreaterThanOrEqual(2);
      expect(resumes.every((r) => r.lane === 'foreground')).toBe(true);
    }
  });

  it('property: n awaiters of a successful task all see the same value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.anything(),
        async (nTest, nTasks, value) => {
          const host = new TestHost({ probe });
          const target = spawn(host, async (ctx) => {
            await ctx.yieldNow();
            return value;
          });
          const fromTest = Array.from({ length: nTest }, () => observe(target));
          const fromTasks = Array.from({ length: nTasks }, () => spawn(host, async () => await target));

          await host.runAll();

          for (const o of fromTest) expect(o.current).toEqual({ status: 'fulfilled', value });
          for (const t of fromTasks) {
            expect(t.state).toBe('succeeded');
            expect(await t).toBe(value);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: n awaiters of a failing task all see the very same error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        async (nTest, nTasks, syncThrow) => {
          const host = new TestHost({ probe });
          const boom = new Error('shared');
          const target = spawn(
            host,
            syncThrow
              ? (): never => {
                  throw boom;
                }
              : async (ctx): Promise<never> => {
                  await ctx.sleep(1);
                  throw boom;
                },
          );
          const fromTest = Array.from({ length: nTest }, () => observe(target));
          const caught: unknown[] = [];
          const fromTasks = Array.from({ length: nTasks }, () =>
            spawn(host, async () => {
              try {
                await target;
              } catch (error) {
                caught.push(error);
              }
            }),
          );

          await host.advance(1);

          expect(target.state).toBe('failed');
          for (const o of fromTest) expect(o.current).toEqual({ status: 'rejected', reason: boom });
          for (const o of fromTest) expect((o.current as { reason: unknown }).reason).toBe(boom);
          expect(caught).toHaveLength(nTasks);
          for (const e of caught) expect(e).toBe(boom);
          for (const t of fromTasks) expect(t.state).toBe('succeeded');
          expect(reports).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports start and finish to the probe', async () => {
    const host = new TestHost({ probe });
    const ok = spawn(host, () => 1);
    const bad = spawn(host, () => {
      throw new Error('x');
    });
    const cancelled = spawn(host, () => 3);
    cancelled.cancel();
    bad.detachAndLogErr(() => {});

    await host.runAll();

    if (host.probe !== undefined)
      expect([...host.probe.finishedIds].sort()).toEqual([ok.id, bad.id, cancelled.id].sort());
    expect([ok.state, bad.state, cancelled.state]).toEqual(['succeeded', 'failed', 'cancelled']);
  });
});

describe.each(MODES)('Task cancellation ($mode)', ({ probe }) => {
  it('before start: the body never runs; awaiting rejects with TaskCancelledError(taskId, label, reason)', async () => {
    const host = new TestHost({ probe });
    let ran = false;
    const task = spawn(
      host,
      () => {
        ran = true;
        return 1;
      },
      { label: 'doomed' },
    );
    const awaiter = observe(task);
    const reason = { why: 'not needed' };

    const cancelledNow = task.cancel(reason);
    await host.runAll();

    expect(cancelledNow).toBe(true);
    expect(ran).toBe(false);
    expect(task.state).toBe('cancelled');
    expect(task.isCancelled).toBe(true);
    expect(task.isFinished).toBe(true);
    const error = (awaiter.current as { reason: unknown }).reason;
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(error).toBeInstanceOf(SchedError);
    expect(error).toMatchObject({
      taskId: task.id,
      label: 'doomed',
      reason,
      cause: reason,
      code: 'ERR_TASK_CANCELLED',
    });
    expect((error as Error).message).toContain(`task #${task.id} "doomed" was cancelled`);
    await expect(task).rejects.toBeInstanceOf(TaskCancelledError);
    if (host.probe !== undefined) expect(host.probe.finishedIds).toEqual([task.id]);
  });

  it('before start: fallible() resolves undefined', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, () => 'value');
    task.cancel();
    await expect(task.fallible()).resolves.toBeUndefined();
    await host.runAll();
    await expect(task.fallible()).resolves.toBeUndefined();
  });

  it('before start, with no reason: the error has reason undefined and no cause', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, () => 1);
    task.cancel();
    const error = await task.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect((error as TaskCancelledError).reason).toBeUndefined();
    expect('cause' in (error as object)).toBe(false);
    expect((error as TaskCancelledError).label).toBeUndefined();
    expect((error as Error).message).toBe(`task #${task.id} was cancelled`);
  });

  it('cancel twice: the second call returns false and keeps the first reason', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, () => 1);
    expect(task.cancel('first')).toBe(true);
    expect(task.cancel('second')).toBe(false);
    await expect(task).rejects.toMatchObject({ reason: 'first' });
  });

  it('while suspended: aborts ctx.signal with a TaskCancelledError reason, rejects ctx.sleep, releases the timer', async () => {
    const host = new TestHost({ probe });
    let signal: AbortSignal | undefined;
    let sleepError: unknown;
    const task = spawn(
      host,
      async (ctx) => {
        signal = ctx.signal;
        try {
          await ctx.sleep(1000);
        } catch (error) {
          sleepError = error;
          throw error;
        }
      },
      { label: 'sleeper' },
    );
    await host.runAll();
    expect(task.state).toBe('running');
    expect(host.pendingTimers).toBe(1);

    expect(task.cancel('stop')).toBe(true);
    await host.runAll();

    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(TaskCancelledError);
    expect(signal?.reason).toMatchObject({ taskId: task.id, label: 'sleeper', reason: 'stop' });
    expect(sleepError).toBe(signal?.reason);
    expect(host.pendingTimers).toBe(0);
    expect(task.state).toBe('cancelled');
    await expect(task).rejects.toBe(signal?.reason);
    expect(reports).toEqual([]); // rethrowing the cancellation is not an unobserved error
  });

  it('while suspended: signal first read after cancel still carries the cancel reason', async () => {
    const host = new TestHost({ probe });
    const gate = host.timer(10);
    let reason: unknown;
    const task = spawn(host, async (ctx) => {
      await gate; // suspended without having touched ctx.signal
      reason = ctx.signal.reason;
    });
    await host.runAll();

    task.cancel('late reader');
    await host.advance(10);

    expect(reason).toBeInstanceOf(TaskCancelledError);
    expect(reason).toMatchObject({ taskId: task.id, reason: 'late reader' });
    // The signal's reason is the very error awaiters see.
    await expect(task).rejects.toBe(reason);
  });

  it('while suspended: awaiters reject at once, while the body is still unwinding', async () => {
    const host = new TestHost({ probe });
    let bodyFinished = false;
    const target = spawn(host, async (ctx) => {
      try {
        await ctx.sleep(10);
      } finally {
        // Slow clean-up that ignores the signal.
        await host.timer(100);
        bodyFinished = true;
      }
    });
    const fromTest = observe(target);
    const taskAwaiterSaw: unknown[] = [];
    spawn(host, async () => {
      try {
        await target;
      } catch (error) {
        taskAwaiterSaw.push(error);
      }
    }).detach();
    await host.runAll();

    target.cancel();
    await host.runAll();

    expect(bodyFinished).toBe(false);
    expect(target.isFinished).toBe(true);
    expect(fromTest.current.status).toBe('rejected');
    expect((fromTest.current as { reason: unknown }).reason).toBeInstanceOf(TaskCancelledError);
    expect(taskAwaiterSaw).toHaveLength(1);
    expect(taskAwaiterSaw[0]).toBe((fromTest.current as { reason: unknown }).reason);

    await host.advance(100);
    expect(bodyFinished).toBe(true);
    expect(target.state).toBe('cancelled');
  });

  it('while suspended: fallible() resolves undefined', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, async (ctx) => {
      await ctx.sleep(5);
      return 'never';
    });
    const result = observe(task.fallible());
    await host.runAll();

    task.cancel();
    await host.advance(5);

    expect(result.current).toEqual({ status: 'fulfilled', value: undefined });
  });

  it('ctx.sleep called after cancellation rejects immediately with the cancellation', async () => {
    const host = new TestHost({ probe });
    const gate = host.timer(1);
    let sleepOutcome: unknown;
    const task = spawn(host, async (ctx) => {
      await gate;
      await ctx.sleep(50).then(
        () => (sleepOutcome = 'slept'),
        (e: unknown) => (sleepOutcome = e),
      );
    });
    await host.runAll();
    task.cancel();

    await host.advance(1);

    expect(sleepOutcome).toBeInstanceOf(TaskCancelledError);
    expect(host.now()).toBe(1);
    expect(host.pendingTimers).toBe(0);
  });

  it('a task may cancel itself while running', async () => {
    const host = new TestHost({ probe });
    let task: Task<number> | undefined;
    task = spawn(host, (ctx) => {
      expect(task?.cancel('self')).toBe(true);
      expect(ctx.signal.aborted).toBe(true);
      return 5;
    });
    await host.runAll();
    expect(task.state).toBe('cancelled');
    await expect(task).rejects.toMatchObject({ reason: 'self' });
    expect(reports).toEqual([]);
  });

  it('after success: cancel() returns false and the value is kept', async () => {
    const host = new TestHost({ probe });
    let signal: AbortSignal | undefined;
    const task = spawn(host, (ctx) => {
      signal = ctx.signal;
      return 'kept';
    });
    await host.runAll();

    expect(task.cancel('too late')).toBe(false);

    expect(task.state).toBe('succeeded');
    expect(task.isCancelled).toBe(false);
    expect(signal?.aborted).toBe(false);
    await expect(task).resolves.toBe('kept');
    await expect(task.fallible()).resolves.toBe('kept');
  });

  it('after failure: cancel() returns false and the error is kept', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('kept error');
    const task = spawn(host, () => {
      throw boom;
    });
    await host.runAll();

    expect(task.cancel()).toBe(false);

    expect(task.state).toBe('failed');
    await expect(task).rejects.toBe(boom);
    await expect(task.fallible()).rejects.toBe(boom);
  });

  it('fallible() rethrows errors that are not this task’s cancellation', async () => {
    const host = new TestHost({ probe });
    const other = spawn(host, () => 1);
    other.cancel();
    const forwarding = spawn(host, async () => await other);
    await host.runAll();

    // `forwarding` failed with *another* task's TaskCancelledError: not its own cancellation.
    expect(forwarding.state).toBe('failed');
    const error = await forwarding.fallible().then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect((error as TaskCancelledError).taskId).toBe(other.id);
  });
});

describe.each(MODES)('Task state machine, model-based ($mode)', ({ probe }) => {
  const NEXT: Record<string, readonly string[]> = {
    scheduled: ['scheduled', 'running', 'cancelled', 'succeeded', 'failed'],
    running: ['running', 'succeeded', 'failed', 'cancelled'],
    succeeded: ['succeeded'],
    failed: ['failed'],
    cancelled: ['cancelled'],
  };

  it('property: cancel at any point, success or failure: states, cancel() results and awaiter outcomes agree with the model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
        async (sleeps, fails, cancelAt) => {
          const host = new TestHost({ probe });
          const boom = new Error('model failure');
          let started = false;
          const task = spawn(
            host,
            async (ctx) => {
              started = true;
              for (let i = 0; i < sleeps; i++) await ctx.sleep(1);
              if (fails) throw boom;
              return 'value';
            },
            { label: 'model' },
          );
          task.detachAndLogErr(() => {}); // failures are expected here; keep the reporter quiet
          const outcome = observe(task);
          const fallible = observe(task.fallible());
          const states: string[] = [task.state];
          const finished: boolean[] = [task.isFinished];
          const cancelResults: boolean[] = [];

          if (cancelAt === -1) cancelResults.push(task.cancel('model'));
          await host.runAll();
          states.push(task.state);
          finished.push(task.isFinished);
          for (let t = 0; t <= 5; t++) {
            if (cancelAt === t) cancelResults.push(task.cancel('model'));
            await host.advance(1);
            states.push(task.state);
            finished.push(task.isFinished);
          }

          // Model: the body finishes `sleeps` ms after it starts at time 0.
          const cancelledBeforeStart = cancelAt === -1;
          const cancelSucceeds = cancelAt !== undefined && (cancelledBeforeStart || cancelAt < sleeps);
          const final = cancelSucceeds ? 'cancelled' : fails ? 'failed' : 'succeeded';

          expect(started).toBe(!cancelledBeforeStart);
          expect(cancelResults).toEqual(cancelAt === undefined ? [] : [cancelSucceeds]);
          expect(states.at(-1)).toBe(final);
          for (let i = 1; i < states.length; i++) expect(NEXT[states[i - 1] as string]).toContain(states[i]);
          // isFinished never goes back to false.
          expect(finished.slice(finished.indexOf(true)).every(Boolean)).toBe(true);
          if (final === 'succeeded') {
            expect(outcome.current).toEqual({ status: 'fulfilled', value: 'value' });
            expect(fallible.current).toEqual({ status: 'fulfilled', value: 'value' });
          } else if (final === 'failed') {
            expect(outcome.current).toEqual({ status: 'rejected', reason: boom });
            expect(fallible.current).toEqual({ status: 'rejected', reason: boom });
          } else {
            const reason = (outcome.current as { reason: unknown }).reason;
            expect(reason).toBeInstanceOf(TaskCancelledError);
            expect(reason).toMatchObject({ taskId: task.id, label: 'model', reason: 'model' });
            expect(fallible.current).toEqual({ status: 'fulfilled', value: undefined });
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe.each(MODES)('Task errors nobody awaits ($mode)', ({ probe }) => {
  it('detach() + failure reaches the installed reporter with the task info', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('detached failure');
    const task = spawn(
      host,
      async (ctx) => {
        await ctx.yieldNow();
        throw boom;
      },
      { label: 'fire-and-forget' },
    );

    task.detach();
    await host.runAll();

    expect(task.handling).toBe('detached');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.error).toBe(boom);
    expect(reports[0]?.task).toBe(task);
    expect(reports[0]?.task).toMatchObject({
      id: task.id,
      label: 'fire-and-forget',
      lane: 'foreground',
      priority: 'normal',
    });
    expect(reports[0]?.task.spawnLocation).toMatch(/task\.test\.ts:\d+:\d+$/);
  });

  it('detach() + success reports nothing', async () => {
    const host = new TestHost({ probe });
    spawn(host, () => 1).detach();
    await host.runAll();
    expect(reports).toEqual([]);
  });

  it('detachAndLogErr(custom) sends the failure to the custom reporter only', async () => {
    const host = new TestHost({ probe });
    const custom: Report[] = [];
    const boom = new Error('custom');
    const task = spawn(
      host,
      (): void => {
        throw boom;
      },
      { label: 'logged' },
    );

    task.detachAndLogErr((error, info) => custom.push({ error, task: info }));
    await host.runAll();

    expect(custom).toEqual([{ error: boom, task }]);
    expect(custom[0]?.task.label).toBe('logged');
    expect(reports).toEqual([]);
  });

  it('detachAndLogErr() without a reporter uses the installed one', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('default');
    const task = spawn(host, (): void => {
      throw boom;
    });
    task.detachAndLogErr();
    await host.runAll();
    expect(reports.map((r) => [r.error, r.task.id])).toEqual([[boom, task.id]]);
  });

  it('detaching a task that already failed still reports its error', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('failed before detach');
    const task = spawn(host, (): void => {
      throw boom;
    });
    await host.step(); // it fails; the unobserved-failure check (native mode) has not run yet
    expect(task.state).toBe('failed');
    expect(reports).toEqual([]);

    task.detach();

    expect(reports.map((r) => r.error)).toEqual([boom]);
    task.detach(); // a second detach does not report again
    await host.runAll(); // and the failure is no longer unobserved
    expect(reports).toHaveLength(1);
  });

  it('detachAndLogErr(custom) on a task that already failed reports to the custom reporter', async () => {
    const host = new TestHost({ probe });
    const boom = new Error('late');
    const task = spawn(host, (): void => {
      throw boom;
    });
    await host.step();
    const custom: unknown[] = [];

    task.detachAndLogErr((error) => custom.push(error));
    await host.runAll();

    expect(custom).toEqual([boom]);
    expect(reports).toEqual([]);
  });

  it('an awaited failure is not reported', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, (): void => {
      throw new Error('seen by awaiter');
    });
    const seen = observe(task);
    await host.runAll();
    expect(seen.current.status).toBe('rejected');
    expect(reports).toEqual([]);
  });

  it('cancelling a detached task reports nothing', async () => {
    const host = new TestHost({ probe });
    const before = spawn(host, () => 1);
    before.detach();
    before.cancel();
    const during = spawn(host, async (ctx) => {
      await ctx.sleep(5);
    });
    during.detach();
    await host.runAll();
    during.cancel();
    await host.advance(10);
    expect(reports).toEqual([]);
  });

  it('an error thrown after cancellation that is not the cancellation is reported', async () => {
    const host = new TestHost({ probe });
    const cleanupFailure = new Error('cleanup failed');
    const task = spawn(
      host,
      async (ctx) => {
        try {
          await ctx.sleep(10);
        } finally {
          throw cleanupFailure;
        }
      },
      { label: 'messy' },
    );
    const seen = observe(task);
    await host.runAll();

    task.cancel();
    await host.runAll();

    expect((seen.current as { reason: unknown }).reason).toBeInstanceOf(TaskCancelledError);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.error).toBe(cleanupFailure);
    expect(reports[0]?.task).toBe(task);
  });

  it('throwing ctx.signal.reason after cancellation is not reported', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, async (ctx) => {
      await host.timer(3);
      ctx.signal.throwIfAborted();
    });
    task.detach();
    await host.runAll();
    task.cancel();
    await host.advance(3);
    expect(reports).toEqual([]);
    expect(task.state).toBe('cancelled');
  });

  it('a custom reporter that throws does not break the host nor the task bookkeeping', async () => {
    const host = new TestHost({ probe });
    const reporterFailure = new Error('reporter exploded');
    const uncaught = await emittedDuring('uncaughtException', async () => {
      const task = spawn(host, (): void => {
        throw new Error('body failed');
      });
      task.detachAndLogErr(() => {
        throw reporterFailure;
      });
      const after = spawn(host, () => 'still running');

      await host.runAll(); // must not throw

      expect(task.state).toBe('failed');
      expect(after.state).toBe('succeeded');
      if (host.probe !== undefined) expect(host.probe.finishedIds).toContain(task.id);
    });
    expect(uncaught).toEqual([reporterFailure]); // surfaced, not swallowed
  });
});

describe('Task handling (what session validation sees)', () => {
  it("starts 'none'; then()/fallible() make it 'awaited'; detach wins over awaited", async () => {
    const host = new TestHost();
    const a = spawn(host, () => 1);
    const b = spawn(host, () => 1);
    const c = spawn(host, () => 1);
    expect(a.handling).toBe('none');

    void a.then(() => {});
    void b.fallible();
    c.detach();
    void c.then(() => {});

    expect([a.handling, b.handling, c.handling]).toEqual(['awaited', 'awaited', 'detached']);
    await host.runAll();
  });
});

describe('Task.ready', () => {
  it('is finished, never runs, and awaits to its value', async () => {
    const task = Task.ready({ answer: 42 });

    expect(task.state).toBe('succeeded');
    expect(task.isFinished).toBe(true);
    expect(task.isCancelled).toBe(false);
    expect(task.id).toBeGreaterThan(0);
    expect(task.cancel()).toBe(false);
    expect(await task).toEqual({ answer: 42 });
    expect(await task.fallible()).toEqual({ answer: 42 });
    expect(task.spawnLocation).toMatch(/task\.test\.ts:\d+:\d+$/);
  });

  it('can be awaited by a spawned task in both modes', async () => {
    for (const probe of [false, true]) {
      const host = new TestHost({ probe });
      const ready = Task.ready('r');
      const task = spawn(host, async () => `${await ready}!`);
      await host.runAll();
      await expect(task).resolves.toBe('r!');
    }
  });

  it('is an ordinary task settled at once: succeeded, awaited like any other, never started', async () => {
    const task = Task.ready('v');
    expect([task.state, task.failure, task.handling]).toEqual(['succeeded', undefined, 'none']);
    expect(task).toBeInstanceOf(Task);
    const seen: string[] = [];
    const chained = task.then((v) => {
      seen.push(v);
      return `${v}!`;
    });
    expect(seen).toEqual([]); // callbacks never run synchronously
    expect(await chained).toBe('v!');
    expect(task.handling).toBe('awaited');
    task.detach();
    expect(task.cancel('late')).toBe(false);
    expect(task.state).toBe('succeeded');
  });

  it('awaiting it under a probe reports no suspension (it has no scheduler to resume on)', async () => {
    const host = new TestHost({ probe: true });
    const ready = Task.ready(5);
    const task = spawn(host, async () => (await ready) + 1);
    await host.runAll();
    expect(host.probe?.suspendedIds).toEqual([]);
    expect(await task).toBe(6);
  });

  it('a ready thenable value is not unwrapped into a pending state', async () => {
    const task = Task.ready(Promise.resolve(3));
    expect(task.isFinished).toBe(true);
    expect(await task).toBe(3);
  });
});

describe('timers inside tasks', () => {
  it('ctx.sleep with a bad delay throws InvalidArgumentError synchronously inside the body', async () => {
    const host = new TestHost();
    const task = spawn(host, (ctx) => ctx.sleep(Number.NaN));
    await host.runAll();
    await expect(task).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'delayMs' });
  });

  it('a task that never settles stays running (no spurious completion)', async () => {
    const host = new TestHost();
    const task = spawn(host, () => forever());
    await host.runAll();
    expect(task.state).toBe('running');
    task.cancel();
    await expect(task).rejects.toBeInstanceOf(TaskCancelledError);
  });

  it('timer cancellation inside a task rejects with TimerCancelledError', async () => {
    const host = new TestHost();
    const task = spawn(host, async (ctx) => {
      const t = ctx.sleep(10);
      expect(t.cancel()).toBe(true);
      await t;
    });
    await host.runAll();
    await expect(task).rejects.toBeInstanceOf(TimerCancelledError);
  });
});
