// The seed's test_cloud_compatibility (004, Phase 5) on the simulator, and the same request shape
// on runtime-node with an injected Workers-style context.

import { ExecutionSession, PlatformRuntime } from '@sched/compat-cloud';
import { SimulatedExecutionContext, Simulator, WAIT_UNTIL_DELAY_MS } from '@sched/compat-cloud/sim';
import { Channel, SessionCleanupError, type Task } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import { DeadlockError, Simulator as SimScheduler } from '@sched/sim';
import { describe, expect, it } from 'vitest';

const quiet = { log: () => {} };

describe('test_cloud_compatibility', () => {
  it('Simulator.once(42): waitUntil work runs after the deterministic delay, registered with its session', async () => {
    let startedAt = -1;
    let registered: readonly PromiseLike<unknown>[] = [];
    const result = await Simulator.once(42, async (simulator) => {
      expect(simulator.seed).toBe(42);
      const executionContext = new SimulatedExecutionContext(simulator.scheduler);
      const work = executionContext.waitUntil(async () => {
        startedAt = simulator.scheduler.now();
      });
      registered = executionContext.session.registered();
      expect(registered).toEqual([work]);
      await work;
      return 'success';
    });
    expect(result).toEqual({ seed: 42, ok: true, value: 'success' });
    expect(startedAt).toBe(WAIT_UNTIL_DELAY_MS);
    expect((registered[0] as Task<void>).handling).toBe('registered');
  });

  it('a failing body comes back as { ok: false } after printing the seed and its replay command', async () => {
    const printed: string[] = [];
    const result = await Simulator.once(
      7,
      async () => {
        throw new Error('request failed');
      },
      { log: (text) => printed.push(text) },
    );
    expect(result.ok).toBe(false);
    expect(result.seed).toBe(7);
    expect(!result.ok && (result.error as Error).message).toContain('request failed');
    expect(printed.join('\n')).toContain('Failing seed: 7');
    expect(printed.join('\n')).toMatch(/Replay: SEED=7 /);
  });

  it('PlatformRuntime on the simulator: blockOn runs the simulation to completion; spawn returns task ids', async () => {
    const sim = new SimScheduler({ seed: 3 });
    const runtime = new PlatformRuntime(sim);
    const log: string[] = [];
    const a = runtime.spawn(async () => log.push('a'));
    const b = runtime.spawn(async () => log.push('b'));
    expect(typeof a).toBe('number');
    expect(b).not.toBe(a);
    const value = await runtime.blockOn(async (ctx) => {
      await ctx.sleep(100);
      return sim.now();
    });
    expect(value).toBe(100);
    expect(log.sort()).toEqual(['a', 'b']);
    const stuck = runtime.blockOn(() => new Channel<never>(sim).recv()); // nobody sends
    await expect(stuck).rejects.toBeInstanceOf(DeadlockError);
  });

  it('PlatformRuntime in production awaits; bad work is a typed error', async () => {
    const runtime = new PlatformRuntime(new NodeScheduler());
    expect(await runtime.blockOn(Promise.resolve('direct'))).toBe('direct');
    expect(
      await runtime.blockOn(async (ctx) => {
        await ctx.sleep(2);
        return 'slept';
      }),
    ).toBe('slept');
    await expect(runtime.blockOn(42 as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('in production, an injected ctx receives the waitUntil work; finish() applies the Workers rule', async () => {
    const scheduler = new NodeScheduler();
    const kept: Promise<unknown>[] = [];
    const ctx = { waitUntil: (promise: Promise<unknown>) => void kept.push(promise) };
    const request = new ExecutionSession(scheduler, ctx, 'POST /items');
    const response = request.spawn(async () => 'ok');
    expect(await response).toBe('ok');
    const audit = request.waitUntil(async (c) => {
      await c.sleep(5);
      return 'audited';
    });
    expect(kept).toHaveLength(1);
    request.finish(); // the audit is still running but registered: fine
    expect(await kept[0]).toBe('audited');
    expect(await audit).toBe('audited');

    const leaky = new ExecutionSession(scheduler, ctx, 'GET /leak');
    const forgotten = leaky.spawn(async (c) => c.sleep(5));
    forgotten.detach(); // detached is fine by core's rule, but on Workers it would be cancelled
    const error = (() => {
      try {
        leaky.finish();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SessionCleanupError);
    expect((error as SessionCleanupError).danglingTasks.map((t) => t.id)).toEqual([forgotten.id]);
    await forgotten;
  });

  it('the simulated context satisfies the Workers ctx shape that production code is written against', async () => {
    const handler = (ctx: { waitUntil(p: Promise<unknown>): void }, write: Promise<string>) => ctx.waitUntil(write);
    const results = await Simulator.many(
      5,
      async (simulator) => {
        const ctx = simulator.executionContext('request');
        const write = simulator.scheduler.spawn(async () => 'written');
        handler(ctx, Promise.resolve(write));
        return ctx.session.registered().length;
      },
      quiet,
    );
    expect(results.map((r) => r.ok && r.value)).toEqual([1, 1, 1, 1, 1]);
  });
});
