import { setSpawnLocationCapture, type Task } from '@sched/core';
import { many, runOne, Simulator, simulateIo } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { FloatingTaskError } from '../src/index.js';
import type { SessionHandler } from '../src/session/with-sessions.js';
import { WorkersSimulator } from '../src/testing/index.js';

interface AuditEnv {
  readonly kv: (key: string) => Promise<string | null>;
  readonly audit: (line: string) => Promise<void>;
}

/**
 * A handler with a planted bug: the audit write is awaited only on a cache miss. When the write
 * is slower than the cache lookup, the response leaves it floating and Workers lose it.
 */
const auditedHandler: SessionHandler<AuditEnv> = {
  async fetch(request, env, _ctx, session) {
    const key = new URL(request.url).pathname;
    const audit = session.spawn(() => env.audit(`read ${key}`), { label: 'audit write' }); // spawn-site: audit write
    const value = await env.kv(key);
    if (value === null) {
      await audit;
      return new Response('missing', { status: 404 });
    }
    return new Response(value);
  },
};

function auditedWorker(sim: Simulator, log: string[]): WorkersSimulator<AuditEnv> {
  const kv = simulateIo(sim, async (key: string) => (key === '/known' ? 'value' : null), { latency: [1, 10] });
  const audit = simulateIo(sim, async (line: string) => void log.push(line), { latency: [1, 10] });
  return new WorkersSimulator(sim, auditedHandler, { env: { kv, audit } });
}

describe('WorkersSimulator', () => {
  it('runs the handler with a clock that stands still during CPU work and moves on simulated I/O', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const io = simulateIo(sim, async () => 'done', { latency: 7 });
    const readings: number[] = [];
    const worker = new WorkersSimulator(sim, {
      async fetch(_request, _env, _ctx, session) {
        readings.push(session.scheduler.now());
        let spin = 0;
        for (let i = 0; i < 200_000; i++) spin += i;
        readings.push(session.scheduler.now());
        await session.spawn(() => io());
        readings.push(session.scheduler.now());
        return new Response(String(spin > 0));
      },
    });
    const response = await worker.fetch('https://example.com/');
    expect(await response.text()).toBe('true');
    expect(readings).toEqual([0, 0, 7]);
  });

  it('lets waitUntil, detached and raw ctx.waitUntil work finish after the response', async () => {
    const sim = new Simulator({ seed: 2, autoAdvance: true });
    const events: string[] = [];
    const io = simulateIo(sim, async () => undefined, { latency: [5, 15] });
    const write = async (what: string): Promise<void> => {
      await io();
      events.push(`${what} written`);
    };
    const worker = new WorkersSimulator(sim, {
      async fetch(_request, _env, ctx, session) {
        session.waitUntil(session.spawn(() => write('registered'), { label: 'registered write' }));
        session.spawn(() => write('detached'), { label: 'detached write' }).detach();
        ctx.waitUntil(write('raw ctx'));
        events.push('responded');
        return new Response('ok');
      },
    });
    const response = await worker.fetch('https://example.com/');
    expect(await response.text()).toBe('ok');
    expect(events[0]).toBe('responded');
    expect(events.slice(1).sort()).toEqual(['detached written', 'raw ctx written', 'registered written']);
    expect(sim.now()).toBeGreaterThanOrEqual(5);
    expect(worker.reports).toEqual([]);
  });

  it('fails a seed whose response leaves a task floating, naming it and its spawn site', async () => {
    const previous = setSpawnLocationCapture(true);
    try {
      // Find a seed where the audit write is slower than the cache lookup.
      let failure: unknown;
      for (let seed = 0; seed < 50 && failure === undefined; seed++) {
        const outcome = await runOne((sim) => auditedWorker(sim, []).fetch('https://example.com/known'), { seed });
        if (!outcome.ok) failure = outcome.error;
      }
      expect(failure).toBeInstanceOf(FloatingTaskError);
      const error = failure as FloatingTaskError;
      expect(error.task.label).toBe('audit write');
      expect(error.sessionName).toBe('fetch GET /known');
      const line = await spawnSiteLine('// spawn-site: audit write');
      expect(error.task.spawnLocation).toMatch(new RegExp(`workers-simulator\\.test\\.ts:${line}:\\d+$`));
    } finally {
      setSpawnLocationCapture(previous);
    }
  });

  it('cancels every floating task with the response, and nothing else', async () => {
    const sim = new Simulator({ seed: 3, autoAdvance: true });
    const tasks: Task<unknown>[] = [];
    const worker = new WorkersSimulator(sim, {
      async fetch(_request, _env, _ctx, session) {
        for (const label of ['floating 1', 'detached', 'floating 2', 'registered']) {
          tasks.push(session.spawn((ctx) => ctx.sleep(100), { label }));
        }
        tasks[1]?.detach();
        session.waitUntil(tasks[3] as Task<unknown>);
        return new Response('ok');
      },
    });
    const error = await worker.fetch('https://example.com/').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FloatingTaskError);
    expect((error as FloatingTaskError).task.label).toBe('floating 1');
    expect(tasks.map((task) => task.state === 'cancelled')).toEqual([true, false, true, false]);
  });

  it('finds the lost work across seeds and prints the replay command', async () => {
    const printed: string[] = [];
    const run = many(100, (sim) => auditedWorker(sim, []).fetch('https://example.com/known'), {
      log: (text) => printed.push(text),
    });
    await expect(run).rejects.toThrow(FloatingTaskError);
    const report = printed.join('\n');
    const seed = Number(/Failing seed: (\d+)/.exec(report)?.[1]);
    expect(report).toMatch(/Replay: SEED=\d+ /);
    // The printed seed replays the same verdict.
    const again = await runOne((sim) => auditedWorker(sim, []).fetch('https://example.com/known'), { seed });
    expect(again.ok).toBe(false);
    expect(again.ok ? undefined : again.error).toBeInstanceOf(FloatingTaskError);
  });

  it('passes every seed once the audit write is awaited or handed to waitUntil', async () => {
    const fixed: SessionHandler<AuditEnv> = {
      async fetch(request, env, _ctx, session) {
        const audit = session.spawn(() => env.audit(`read ${new URL(request.url).pathname}`), { label: 'audit write' });
        session.waitUntil(audit);
        return new Response((await env.kv(new URL(request.url).pathname)) ?? 'missing');
      },
    };
    const written = await many(40, async (sim) => {
      const log: string[] = [];
      const kv = simulateIo(sim, async () => 'value', { latency: [1, 10] });
      const audit = simulateIo(sim, async (line: string) => void log.push(line), { latency: [1, 10] });
      const response = await new WorkersSimulator(sim, fixed, { env: { kv, audit } }).fetch('https://example.com/k');
      expect(await response.text()).toBe('value');
      return log;
    });
    expect(written).toEqual(Array.from({ length: 40 }, () => ['read /k']));
  });

  it('the bug is order-dependent: some seeds pass, some lose the write', async () => {
    const verdicts = new Set<boolean>();
    for (let seed = 0; seed < 40; seed++) {
      const outcome = await runOne((sim) => auditedWorker(sim, []).fetch('https://example.com/known'), { seed });
      verdicts.add(outcome.ok);
    }
    expect(verdicts).toEqual(new Set([true, false]));
  });

  it('drives queue handlers: a message processed without awaiting it fails the run', async () => {
    const sim = new Simulator({ seed: 4, autoAdvance: true });
    const acked: string[] = [];
    const worker = new WorkersSimulator(sim, {
      async queue(batch: { queue: string; messages: string[] }, _env, _ctx, session) {
        for (const message of batch.messages) {
          session.spawn(
            async ({ sleep }) => {
              await sleep(1);
              acked.push(message);
            },
            { label: `message ${message}` },
          );
        }
      },
    });
    const run = worker.queue({ queue: 'orders', messages: ['a', 'b'] });
    await expect(run).rejects.toThrow(FloatingTaskError);
    await expect(run).rejects.toThrow(/task #\d+ "message a" spawned at .*queue orders/);
    expect(acked).toEqual([]);
  });

  it('drives scheduled handlers too, and reports a handler without fetch clearly', async () => {
    const sim = new Simulator({ seed: 3, autoAdvance: true });
    const crons: string[] = [];
    const worker = new WorkersSimulator(sim, {
      async scheduled(controller, _env, _ctx, session) {
        await session.spawn(async ({ sleep }) => {
          await sleep(3);
          crons.push(controller.cron);
        });
      },
    });
    await worker.scheduled('*/5 * * * *');
    expect(crons).toEqual(['*/5 * * * *']);
    await expect(worker.fetch('https://example.com/')).rejects.toThrow(TypeError);
  });
});

async function spawnSiteLine(marker: string): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  return lines.findIndex((text) => text.includes(marker) && !text.includes('spawnSiteLine')) + 1;
}
