import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MutexGuard, TaskContext } from '../../src/index.js';
import { InvalidArgumentError, Mutex, type Scheduler, spawn } from '../../src/index.js';
import { chooser } from '../support/choices.js';
import { flush, observe, TestHost } from '../support/test-host.js';

describe.each([false, true])('Mutex (probe: %s)', (probe) => {
  it('lock() on a free mutex resolves at once; isLocked tracks the holder', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    expect(mutex.isLocked).toBe(false);

    const guard = await mutex.lock();

    expect(mutex.isLocked).toBe(true);
    guard.release();
    expect(mutex.isLocked).toBe(false);
  });

  it('tryLock() acquires a free mutex and returns undefined when held', () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    const guard = mutex.tryLock();
    expect(guard).toBeDefined();
    expect(mutex.tryLock()).toBeUndefined();
    guard?.release();
    expect(mutex.tryLock()).toBeDefined();
  });

  it('hands over FIFO: waiters acquire in the order they called lock()', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    const first = mutex.tryLock() as MutexGuard;
    const waiters = ['w1', 'w2', 'w3'].map((name) => ({ name, outcome: observe(mutex.lock()) }));
    await flush();
    expect(mutex.waiting).toBe(3);
    expect(waiters.map((w) => w.outcome.current.status)).toEqual(['pending', 'pending', 'pending']);

    const acquired: string[] = [];
    first.release();
    for (let i = 0; i < 3; i++) {
      await flush();
      const holder = waiters.find((w) => w.outcome.current.status === 'fulfilled' && !acquired.includes(w.name));
      expect(holder).toBeDefined();
      acquired.push((holder as { name: string }).name);
      expect(mutex.isLocked).toBe(true); // never free during a hand-over
      expect(mutex.tryLock()).toBeUndefined();
      expect(mutex.waiting).toBe(2 - i);
      ((holder as { outcome: { current: { value?: MutexGuard } } }).outcome.current.value as MutexGuard).release();
    }

    expect(acquired).toEqual(['w1', 'w2', 'w3']);
    expect(mutex.isLocked).toBe(false);
  });

  it('release() is idempotent: a second call does not release the next holder', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    const g1 = mutex.tryLock() as MutexGuard;
    const second = observe(mutex.lock());
    const third = observe(mutex.lock());

    g1.release();
    g1.release();
    g1.release();
    await flush();

    expect(second.current.status).toBe('fulfilled');
    expect(third.current.status).toBe('pending');
    expect(mutex.isLocked).toBe(true);
    expect(mutex.waiting).toBe(1);
  });

  it('runExclusive returns the value and releases, however fn ends', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);

    await expect(mutex.runExclusive(() => 5)).resolves.toBe(5);
    expect(mutex.isLocked).toBe(false);

    const syncError = new Error('sync');
    await expect(
      mutex.runExclusive(() => {
        throw syncError;
      }),
    ).rejects.toBe(syncError);
    expect(mutex.isLocked).toBe(false);

    const asyncError = new Error('async');
    await expect(mutex.runExclusive(async () => Promise.reject(asyncError))).rejects.toBe(asyncError);
    expect(mutex.isLocked).toBe(false);
  });

  it('control: without the mutex the read-modify-write race loses an update', async () => {
    const host = new TestHost({ probe });
    let counter = 0;
    const rmw = async (ctx: TaskContext): Promise<void> => {
      const read = counter;
      await ctx.yieldNow();
      counter = read + 1;
    };
    spawn(host, rmw);
    spawn(host, rmw);
    await host.runAll();
    expect(counter).toBe(1);
  });

  it('property: mutual exclusion and FIFO acquisition under random interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            lane: fc.constantFrom('foreground', 'background'),
            priority: fc.constantFrom('user-blocking', 'normal', 'background'),
            steps: fc.array(fc.constantFrom('yield', 'sleep0', 'sleep1', 'none'), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.nat(), { maxLength: 300 }),
        async (plans, choices) => {
          const host = new TestHost({ probe, choose: chooser(choices) });
          const mutex = new Mutex(host);
          let inside = 0;
          let maxInside = 0;
          let counter = 0;
          const requested: number[] = [];
          const acquired: number[] = [];
          const tasks = plans.map((plan, id) =>
            spawn(
              host,
              async (ctx) => {
                await ctx.yieldNow();
                requested.push(id);
                await mutex.runExclusive(async () => {
                  acquired.push(id);
                  inside++;
                  maxInside = Math.max(maxInside, inside);
                  const read = counter;
                  for (const step of plan.steps) {
                    if (step === 'yield') await ctx.yieldNow();
                    else if (step === 'sleep0') await ctx.sleep(0);
                    else if (step === 'sleep1') await ctx.sleep(1);
                  }
                  counter = read + 1;
                  inside--;
                });
              },
              { lane: plan.lane, priority: plan.priority },
            ),
          );

          for (let t = 0; t <= plans.length * 4 && tasks.some((task) => !task.isFinished); t++) await host.advance(1);

          for (const task of tasks) expect(task.state).toBe('succeeded');
          expect(maxInside).toBe(1);
          expect(counter).toBe(plans.length);
          expect(acquired).toEqual(requested);
          expect(mutex.isLocked).toBe(false);
          expect(mutex.waiting).toBe(0);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('Mutex without a scheduler', () => {
  it.each([
    ['no argument', undefined],
    ['null', null],
    ['something that is not a scheduler', {}],
  ])('fails at construction with an InvalidArgumentError (%s)', (_what, scheduler) => {
    const construct = (): unknown => new Mutex(scheduler as unknown as Scheduler);

    expect(construct).toThrow(InvalidArgumentError);
    expect(construct).toThrow(
      /^Invalid scheduler: .*; expected a Scheduler as the first argument of new Mutex\(scheduler\)/,
    );
    expect(construct).toThrow(expect.objectContaining({ argument: 'scheduler', value: scheduler }));
  });
});
