import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Channel, InvalidArgumentError, Mutex } from '@sched/core';
import {
  cell,
  type ExploreProgress,
  encodeByteTape,
  explore,
  formatProgress,
  memoryCorpus,
  runTape,
  Simulator,
  type StepObserver,
} from '@sched/sim';
import { directoryCorpus } from '@sched/sim/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handoffOrder, lostUpdate, sixSteps } from '../fixtures/planted/index.mjs';

const replayCommand = (replay: { readonly schedule?: string }) => `SCHEDULE=${replay.schedule} run-it`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('explore', () => {
  it('reports the failure with strategy, parameters, a shrunk schedule and its replay command', async () => {
    const result = await explore(sixSteps.buggy, { seed: 1, replayCommand });
    expect(result.found).toBe(true);
    if (!result.found) return;
    const { failure } = result;
    expect(result.strategy).toBe('portfolio');
    expect(result.params).toEqual({ members: 'pct(d=2),delay(d=2),random,exhaustive,coverage,pct(d=3)' });
    expect(['pct(d=2)', 'delay(d=2)', 'random', 'exhaustive', 'coverage', 'pct(d=3)']).toContain(failure.strategy);
    expect(failure.error).toBeInstanceOf(Error);
    expect((failure.error as Error).message).toMatch(/reader saw every step applied under the old version/);
    expect(failure.shrunk.length).toBeLessThanOrEqual(failure.choices.length);
    expect(failure.replayed).toBe(true);
    expect(failure.replay).toBe(`SCHEDULE=${failure.shrunk.join('.') || '-'} run-it`);
    expect(failure.report.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Found by strategy ${failure.strategy.replace(/[()]/g, '\\$&')} \\(.*\\) at schedule ${failure.schedule}$`,
        ),
      ),
      `Failing schedule: ${failure.shrunk.join('.') || '-'}`,
      failure.replay.replace(/^/, 'Replay: '),
    ]);
    // The shrunk schedule replays the failure on a plain simulator.
    await expect(sixSteps.buggy(new Simulator({ schedule: failure.shrunk, autoAdvance: true }))).rejects.toThrow(
      /old version/,
    );
  });

  it('is deterministic: same seed, same schedules, same failure', async () => {
    const runs = await Promise.all(
      [0, 1].map(() => explore(sixSteps.buggy, { seed: 5, shrinkRuns: 0, replayCommand })),
    );
    const [a, b] = runs.map((r) => (r.found ? [r.failure.schedule, r.failure.strategy, r.failure.choices] : []));
    expect(a).toEqual(b);
    expect(a).not.toEqual([]);
  });

  it('replays only the schedule in SCHEDULE', async () => {
    const found = await explore(lostUpdate.buggy, { seed: 2, replayCommand });
    if (!found.found) throw new Error('expected a failure');
    vi.stubEnv('SCHEDULE', found.failure.shrunk.join('.') || '-');
    const replayed = await explore(lostUpdate.buggy, { replayCommand });
    expect(replayed).toMatchObject({ found: true, schedules: 1, strategy: 'replay' });
    const passing = await explore(lostUpdate.fixed, { replayCommand });
    expect(passing).toMatchObject({ found: false, schedules: 1, strategy: 'replay' });
  });

  it('reports progress every `progressEvery` schedules and once at the end', async () => {
    const reports: ExploreProgress[] = [];
    let t = 0;
    const result = await explore(lostUpdate.fixed, {
      strategy: 'coverage',
      budget: { schedules: 30 },
      progressEvery: 10,
      onProgress: (p) => reports.push(p),
      now: () => (t += 1),
    });
    expect(result).toMatchObject({ found: false, schedules: 30 });
    expect(reports.map((p) => p.schedules)).toEqual([10, 20, 30, 30]);
    const last = reports.at(-1) as ExploreProgress;
    expect(last.distinct).toBe(result.distinct);
    expect(last.coverage).toBe(result.coverage);
    expect(last.corpus).toBeGreaterThan(0);
    expect(last.best).toBeGreaterThan(0);
    expect(last.schedulesPerSecond).toBeGreaterThan(0);
    expect(formatProgress(last)).toBe(
      `30 schedules (${Math.round(last.schedulesPerSecond)}/s) · ${last.distinct} distinct · ${last.coverage} coverage points · corpus ${last.corpus} · best ${last.best}`,
    );
  });

  it('stops at a time budget measured by the injected clock, and reports how many schedules ran', async () => {
    const run = () => {
      let t = 0;
      return explore(lostUpdate.fixed, { strategy: 'random', budget: { ms: 50 }, now: () => (t += 2) });
    };
    const [a, b] = [await run(), await run()];
    expect(a.found).toBe(false);
    expect(a.schedules).toBeGreaterThan(0);
    expect(a.schedules).toBeLessThan(50);
    expect(b.schedules).toBe(a.schedules);
  });

  it('saves tapes that reach new coverage, and starts the next run from them', async () => {
    const corpus = memoryCorpus();
    await explore(sixSteps.fixed, { strategy: 'coverage', corpus, budget: { schedules: 40 } });
    const saved = corpus.tapes.length;
    expect(saved).toBeGreaterThan(1);
    const next = await explore(sixSteps.fixed, { strategy: 'coverage', corpus, budget: { schedules: 1 } });
    expect(next.params).toMatchObject({ corpus: saved });
  });

  it('keeps a corpus as a directory of tape files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-corpus-'));
    try {
      const store = directoryCorpus(join(dir, 'corpus'));
      expect(store.load()).toEqual([]);
      const tapes = [encodeByteTape([1, 0], [2, 3], { seed: 9 }), encodeByteTape([2], [3])];
      for (const tape of tapes) store.save(tape);
      expect(readdirSync(join(dir, 'corpus')).every((name) => name.endsWith('.tape'))).toBe(true);
      expect(
        directoryCorpus(join(dir, 'corpus'))
          .load()
          .map((t) => [...t])
          .sort(),
      ).toEqual(tapes.map((t) => [...t]).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options with InvalidArgumentError before running anything', async () => {
    let runs = 0;
    const body = async () => {
      runs++;
    };
    await expect(explore(body, { strategy: 'bogus' as 'random' })).rejects.toThrow(InvalidArgumentError);
    await expect(explore(body, { budget: { schedules: 0 } })).rejects.toThrow(InvalidArgumentError);
    await expect(explore(body, { budget: { ms: -1 } })).rejects.toThrow(InvalidArgumentError);
    await expect(explore(body, { strategy: 'pct', depth: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(explore(body, { strategy: 'exhaustive', maxDecisions: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(explore(body, { progressEvery: 0 })).rejects.toThrow(InvalidArgumentError);
    expect(runs).toBe(0);
  });
});

describe('interleaving coverage', () => {
  it('the observer sees every step, and a simulator without one runs the same schedule', async () => {
    const seen: string[] = [];
    const observer: StepObserver = { onStep: (r) => seen.push(`${r.task.label}:${r.kind}`) };
    const body = async (sim: Simulator) => {
      const a = sim.spawn(async (ctx) => ctx.yieldNow(), { label: 'a' });
      const b = sim.spawn(async (ctx) => ctx.yieldNow(), { label: 'b' });
      await sim.runUntilIdle();
      await Promise.all([a, b]);
    };
    const watched = new Simulator({ seed: 3, observer });
    await body(watched);
    const plain = new Simulator({ seed: 3 });
    await body(plain);
    expect(seen).toHaveLength(watched.trace.steps);
    expect(seen.filter((s) => s.endsWith(':start')).sort()).toEqual(['a:start', 'b:start']);
    expect(plain.schedule).toEqual(watched.schedule);
  });

  it('tells orders apart by who reads whose write of a tracked cell', async () => {
    // Two schedules of the lost update: the second increment reads the first one's write, or not.
    const sequential = await runTape(lostUpdate.buggy, encodeByteTape([0, 0], [2, 2]));
    const interleaved = await runTape(lostUpdate.buggy, encodeByteTape([0, 1], [2, 2]));
    expect(sequential.outcome.ok).not.toBe(interleaved.outcome.ok);
    expect(sequential.coverage).not.toEqual(interleaved.coverage);
    // Each run has 4 steps (two starts, two resumes): anything beyond 4 points is reads-from.
    expect(sequential.coverage.length).toBeGreaterThan(4);
    expect(interleaved.coverage.length).toBeGreaterThan(4);
  });

  it('sync primitives report their uses when called: a lock request or a receive reads, a release or a send writes', async () => {
    const accesses: string[] = [];
    const observer: StepObserver = {
      onStep: (r) => accesses.push(`step ${r.task.label}`),
      onAccess: (resource, kind) => accesses.push(`${kind} ${resource}`),
    };
    const sim = new Simulator({ schedule: [], observer });
    const mutex = new Mutex(sim);
    const channel = new Channel<number>(sim);
    const a = sim.spawn(
      async () => {
        await mutex.runExclusive(() => channel.send(1));
      },
      { label: 'a' },
    );
    const b = sim.spawn(async () => channel.recv(), { label: 'b' });
    await sim.runUntilIdle();
    await Promise.all([a, b]);
    // FIFO: a requests the lock; b asks to receive (nothing sent yet, it waits); a, holding the
    // lock, sends (handing the value to b); b resumes; a releases.
    expect(accesses).toEqual([
      'step a',
      'read Mutex#1',
      'step b',
      'read Channel#2',
      'step a',
      'write Channel#2',
      'step b',
      'step a',
      'write Mutex#1',
    ]);
  });

  it('tells apart who got a mutex after whom', async () => {
    const body = async (sim: Simulator) => {
      const mutex = new Mutex(sim);
      const tasks = ['a', 'b'].map((label) =>
        sim.spawn(async (ctx) => mutex.runExclusive(() => ctx.yieldNow()), { label }),
      );
      await sim.runUntilIdle();
      await Promise.all(tasks);
    };
    const aFirst = await runTape(body, encodeByteTape([0], [2]));
    const bFirst = await runTape(body, encodeByteTape([1], [2]));
    expect(aFirst.outcome.ok && bFirst.outcome.ok).toBe(true);
    expect(aFirst.coverage).not.toEqual(bFirst.coverage);
  });

  it('a tracked cell works as a plain variable on a simulator without an observer', async () => {
    const sim = new Simulator({ seed: 1 });
    const balance = cell(sim, 'balance', 100);
    sim
      .spawn(async (ctx) => {
        const read = balance.get();
        await ctx.yieldNow();
        balance.set(read - 30);
      })
      .detach();
    await sim.runUntilIdle();
    expect(balance.get()).toBe(70);
    expect(balance.name).toBe('balance');
  });
});

describe('the default portfolio', () => {
  it('stops with a proof once its exhaustive member has run every schedule of a tiny scenario', async () => {
    const result = await explore(lostUpdate.fixed, { budget: { schedules: 1_000 } });
    expect(result.found).toBe(false);
    if (result.found) return;
    expect(result.exhaustive?.kind).toBe('proof');
    // Six members in turn; the exhaustive one is fourth, and the twin's tree has 6 schedules.
    expect(result.schedules).toBe(5 * 6 + 4);
  });

  it('keeps searching when the tree is too big to finish, and says the bound was hit', async () => {
    const result = await explore(handoffOrder.fixed, { budget: { schedules: 100 } });
    expect(result).toMatchObject({ found: false, schedules: 100 });
    expect(result.found === false && result.exhaustive).toEqual({
      kind: 'bound-hit',
      bound: 'schedules',
      // One turn in six: schedules 4, 10, …, 100.
      schedules: 17,
    });
  });
});
