import { describe, expectTypeOf, it } from 'vitest';
import { Completion, type SchedulerProbe } from '../src/host.js';
import type {
  ErrorReporter,
  Lane,
  MutexGuard,
  Runnable,
  RunnableKind,
  Scheduler,
  TaskContext,
  TaskInfo,
  TaskPriority,
  Timer,
  TimerHandle,
} from '../src/index.js';
import { Channel, Executor, Mutex, spawn, Task } from '../src/index.js';
import { TestHost } from './support/test-host.js';

// These are compile-time assertions: `tsc -p packages/core/tsconfig.json` (the package's
// typecheck, which includes test/) fails if any of them breaks. At run time they are no-ops.

describe('Scheduler is object-safe (no generic methods)', () => {
  it('has exactly the documented members (the control probe is not one of them)', () => {
    expectTypeOf<keyof Scheduler>().toEqualTypeOf<
      'dispatchForeground' | 'dispatchBackground' | 'dispatchAfter' | 'timer' | 'now' | 'isMainThread'
    >();
  });

  it('every method has one concrete, non-generic signature', () => {
    // A generic signature such as `<T>(r: T) => void` is not identical to these, so these fail if
    // a type parameter is ever added to a method.
    expectTypeOf<Scheduler['dispatchForeground']>().toEqualTypeOf<(runnable: Runnable) => void>();
    expectTypeOf<Scheduler['dispatchBackground']>().toEqualTypeOf<(runnable: Runnable) => void>();
    expectTypeOf<Scheduler['dispatchAfter']>().toEqualTypeOf<(delayMs: number, runnable: Runnable) => TimerHandle>();
    expectTypeOf<Scheduler['timer']>().toEqualTypeOf<(delayMs: number, signal?: AbortSignal) => Timer>();
    expectTypeOf<Scheduler['now']>().toEqualTypeOf<() => number>();
    expectTypeOf<Scheduler['isMainThread']>().toEqualTypeOf<() => boolean>();
    expectTypeOf<SchedulerProbe['suspend']>().toEqualTypeOf<() => TaskInfo | undefined>();
    expectTypeOf<SchedulerProbe['finished']>().toEqualTypeOf<(task: TaskInfo) => void>();
  });

  it('different hosts fit one Scheduler slot (like Arc<dyn Scheduler>)', () => {
    const hosts: Scheduler[] = [new TestHost(), new TestHost({ probe: true })];
    expectTypeOf(hosts).toEqualTypeOf<Scheduler[]>();
    expectTypeOf<TestHost>().toExtend<Scheduler>();
  });

  it('Runnable is run() + read-only metadata', () => {
    expectTypeOf<Runnable['run']>().toEqualTypeOf<() => void>();
    expectTypeOf<Runnable['kind']>().toEqualTypeOf<RunnableKind>();
    expectTypeOf<RunnableKind>().toEqualTypeOf<'start' | 'resume' | 'timer' | 'call'>();
    expectTypeOf<Runnable['task']>().toEqualTypeOf<TaskInfo>();
    expectTypeOf<TaskPriority>().toEqualTypeOf<'user-blocking' | 'normal' | 'background'>();
    expectTypeOf<Lane>().toEqualTypeOf<'foreground' | 'background'>();
  });
});

describe('Task<T> types', () => {
  const host = new TestHost();

  it('infers T from sync and async bodies', () => {
    expectTypeOf(spawn(host, () => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(spawn(host, () => 'a' as const)).toEqualTypeOf<Task<'a'>>();
    expectTypeOf(spawn(host, async () => 'x')).toEqualTypeOf<Task<string>>();
    expectTypeOf(
      spawn(host, async (ctx) => {
        await ctx.sleep(1);
        return { ok: true };
      }),
    ).toEqualTypeOf<Task<{ ok: boolean }>>();
    expectTypeOf(spawn(host, () => {})).toEqualTypeOf<Task<void>>();
    expectTypeOf(spawn(host, (ctx) => ctx.sleep(1))).toEqualTypeOf<Task<void>>();
    expectTypeOf(new Executor(host).spawn(async () => 3n)).toEqualTypeOf<Task<bigint>>();
    expectTypeOf(Task.ready([1, 2])).toEqualTypeOf<Task<number[]>>();
  });

  it('awaiting gives T; fallible gives T | undefined; Task is PromiseLike<T>', async () => {
    const task = spawn(host, async () => 42);
    expectTypeOf(task).toExtend<PromiseLike<number>>();
    expectTypeOf<Task<string>>().toExtend<PromiseLike<string>>();
    expectTypeOf<Task<string>>().not.toExtend<PromiseLike<number>>();
    expectTypeOf<Awaited<Task<string>>>().toEqualTypeOf<string>();
    expectTypeOf(task.fallible()).toEqualTypeOf<PromiseLike<number | undefined>>();
    expectTypeOf<Awaited<ReturnType<Task<Date>['fallible']>>>().toEqualTypeOf<Date | undefined>();
    expectTypeOf(task.then((v) => `${v}`)).toEqualTypeOf<PromiseLike<string>>();
    expectTypeOf<Task<number>['cancel']>().toEqualTypeOf<(reason?: unknown) => boolean>();
    expectTypeOf<Task<number>['isFinished']>().toEqualTypeOf<boolean>();
    expectTypeOf<Task<number>['id']>().toEqualTypeOf<number>();
    expectTypeOf<Task<number>['spawnLocation']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Task<number>['detachAndLogErr']>().toEqualTypeOf<(reporter?: ErrorReporter) => void>();
    expectTypeOf<Task<number>>().toExtend<TaskInfo>();
    await host.runAll();
    expectTypeOf(await task).toEqualTypeOf<number>();
    expectTypeOf(await task.fallible()).toEqualTypeOf<number | undefined>();
  });

  it('the body gets a TaskContext', () => {
    spawn(host, (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<TaskContext>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.sleep(1)).toEqualTypeOf<Timer>();
      expectTypeOf(ctx.yieldNow()).toEqualTypeOf<PromiseLike<void>>();
    }).cancel();
  });

  it('rejects bad options at compile time', () => {
    const bad = (): void => {
      // @ts-expect-error: not a TaskPriority
      spawn(host, () => 1, { priority: 'urgent' });
      // @ts-expect-error: not a Lane
      spawn(host, () => 1, { lane: 'sideways' });
    };
    expectTypeOf(bad).toBeFunction();
  });
});

describe('Timer ref / unref', () => {
  it('every Timer has ref() and unref(), returning the timer itself, so they chain before await', () => {
    expectTypeOf<Timer['ref']>().toEqualTypeOf<() => Timer>();
    expectTypeOf<Timer['unref']>().toEqualTypeOf<() => Timer>();
    const host = new TestHost();
    void spawn(host, async (ctx) => {
      expectTypeOf(ctx.sleep(10).unref()).toEqualTypeOf<Timer>();
      expectTypeOf(ctx.sleep(10).ref().unref()).toEqualTypeOf<Timer>();
      await ctx.sleep(10).unref();
      await ctx.scheduler.timer(10).ref();
    });
  });

  it('TimerHandle may (not must) have them: a host without a process implements only cancel()', () => {
    const minimal: TimerHandle = { cancel: () => true };
    expectTypeOf(minimal).toExtend<TimerHandle>();
    expectTypeOf<TimerHandle['ref']>().toEqualTypeOf<(() => unknown) | undefined>();
  });
});

describe('other awaitables', () => {
  it('Completion, Timer, Channel and Mutex have precise types', () => {
    const host = new TestHost();
    expectTypeOf(new Completion<number>(host)).toExtend<PromiseLike<number>>();
    expectTypeOf<Timer>().toExtend<PromiseLike<void>>();
    expectTypeOf<Timer>().toExtend<TimerHandle>();
    const ch = new Channel<string>(host);
    expectTypeOf(ch.recv()).toEqualTypeOf<PromiseLike<string>>();
    expectTypeOf(ch).toExtend<AsyncIterable<string>>();
    // @ts-expect-error: wrong element type
    void ch.send(1);
    const mutex = new Mutex(host);
    expectTypeOf(mutex.lock()).toEqualTypeOf<PromiseLike<MutexGuard>>();
    expectTypeOf(mutex.runExclusive(async () => 'v')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(mutex.tryLock()).toEqualTypeOf<MutexGuard | undefined>();
  });
});
