import { describe, expect, it } from 'vitest';
import { Executor, spawn, yieldNow } from '../src/index.js';
import { observe, TestHost } from './support/test-host.js';

describe.each([false, true])('yieldNow (probe: %s)', (probe) => {
  it('ctx.yieldNow lets every other ready Runnable of the lane run first', async () => {
    const host = new TestHost({ probe });
    const log: string[] = [];
    spawn(host, async (ctx) => {
      log.push('a1');
      await ctx.yieldNow();
      log.push('a2');
      await ctx.yieldNow();
      log.push('a3');
    });
    spawn(host, async (ctx) => {
      log.push('b1');
      await ctx.yieldNow();
      log.push('b2');
    });
    spawn(host, () => {
      log.push('c1');
    });

    await host.runAll();

    expect(log).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('a yield keeps the task priority: a user-blocking task resumes before normal work', async () => {
    const host = new TestHost({ probe });
    const log: string[] = [];
    spawn(
      host,
      async (ctx) => {
        log.push('urgent 1');
        await ctx.yieldNow();
        log.push('urgent 2');
      },
      { priority: 'user-blocking' },
    );
    spawn(host, () => {
      log.push('normal');
    });

    await host.runAll();

    expect(log).toEqual(['urgent 1', 'urgent 2', 'normal']);
  });

  it('a yield in a background task stays on the background lane', async () => {
    const host = new TestHost({ probe });
    const t = spawn(
      host,
      async (ctx) => {
        await ctx.yieldNow();
        return 'ok';
      },
      { lane: 'background' },
    );
    await host.runAll();
    expect(host.dispatched.filter((d) => d.taskId === t.id).map((d) => d.lane)).toEqual(['background', 'background']);
    await expect(t).resolves.toBe('ok');
  });
});

describe('yieldNow without a probe, from outside a task', () => {
  it('resolves only after the Runnables queued before it have run', async () => {
    const host = new TestHost();
    const log: string[] = [];
    spawn(host, () => {
      log.push('queued first');
    });
    const yielded = observe(yieldNow(host).then(() => log.push('resumed')));
    const viaExecutor = observe(new Executor(host).yieldNow());

    expect(host.dispatched.map((d) => [d.kind, d.label])).toEqual([
      ['start', undefined],
      ['call', 'yield'],
      ['call', 'yield'],
    ]);
    await host.runAll();

    expect(log).toEqual(['queued first', 'resumed']);
    expect(yielded.current.status).toBe('fulfilled');
    expect(viaExecutor.current.status).toBe('fulfilled');
  });
});
