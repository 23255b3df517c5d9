// Real, promise-style and callback-style code (tools/demo/src/users, tools/demo/src/config)
// tested through simulated I/O: default simulator options, no lane option anywhere.
import { findFailure, formatTrace, runOne, Simulator, shrinkSchedule, simulateIoCallback } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { loadConfigOrdered } from '../src/config/config-loader.js';
import { configScenario, WrongLayerError } from '../src/config/scenario.js';
import { StaleCacheError, staleCacheScenario } from '../src/users/scenario.js';

describe('cache-aside getUser over simulateIo', () => {
  const racy = (sim: Simulator) => staleCacheScenario(sim);
  const fixed = (sim: Simulator) => staleCacheScenario(sim, true);

  it('the simulator finds the stale-cache race within 100 seeds, and its schedule replays and shrinks', async () => {
    const failure = await findFailure(racy, { from: 0, count: 100 });

    expect(failure?.error).toBeInstanceOf(StaleCacheError);
    expect(String(failure?.error)).toContain('the cache serves "Ada" but the database has "Ada Lovelace"');
    const schedule = failure?.outcome.simulator.schedule ?? [];
    const replay = await runOne(racy, { schedule });
    expect(replay.ok ? undefined : replay.error).toBeInstanceOf(StaleCacheError);
    expect(formatTrace(replay.simulator.trace.events)).toBe(formatTrace(failure?.outcome.simulator.trace.events ?? []));
    const shrunk = await shrinkSchedule(racy, schedule);
    expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(StaleCacheError);
    // Only I/O completions resume the two requests: no timer or host steps in the trace.
    expect(new Set(shrunk.outcome.simulator.trace.events.map((e) => e.kind))).toEqual(new Set(['start', 'resume']));
  });

  it('the lease-based twin passes 500 seeds', async () => {
    expect(await findFailure(fixed, { from: 0, count: 500 })).toBeUndefined();
  });
});

describe('callback-style loadConfig over simulateIoCallback', () => {
  it('the simulator finds the arrival-order merge bug, and the ordered twin passes 500 seeds', async () => {
    const failure = await findFailure((sim) => configScenario(sim), { from: 0, count: 100 });

    expect(failure?.error).toBeInstanceOf(WrongLayerError);
    expect(failure?.outcome.simulator.trace.events.every((e) => e.kind === 'call' && e.label === 'fs.readFile')).toBe(
      true,
    );
    expect(await findFailure((sim) => configScenario(sim, true), { from: 0, count: 500 })).toBeUndefined();
    const ok = await runOne((sim) => configScenario(sim, true), { seed: 0 });
    expect(ok.ok ? ok.value : ok.error).toEqual({ port: 8080, log: 'debug' });
  });

  it('every arrival order of the three reads is explored over consecutive seeds', async () => {
    const orders = new Map<string, number>();
    for (let seed = 0; seed < 100 && orders.size < 6; seed++) {
      const sim = new Simulator({ seed, autoAdvance: true });
      const arrived: string[] = [];
      const readFile = simulateIoCallback(sim, (path: string, cb: (e: Error | null, data?: string) => void) =>
        cb(null, `{"${path}": true}`),
      );
      loadConfigOrdered(
        {
          readFile: (path, cb) =>
            readFile(path, (e, d) => {
              arrived.push(path);
              cb(e, d);
            }),
        },
        ['a', 'b', 'c'],
        () => {},
      );
      await sim.runUntilIdle();
      if (!orders.has(arrived.join(''))) orders.set(arrived.join(''), seed);
    }
    expect([...orders.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  });
});
