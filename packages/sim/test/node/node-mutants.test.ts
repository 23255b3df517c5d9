// Mutation-testing follow-up (docs/mutation.md, "sim: node/, errors/, check-determinism, seed-range"):
// the source (not dist) of directoryCorpus and loadScenario, seedRange's limits, scheduleFromEnv,
// and checkDeterminism's edge cases. (manyParallel's tests run the built dist: worker threads load
// built JavaScript.)
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../../src/decisions/seeded-source.js';
import { hashString } from '../../src/explore/coverage-recorder.js';
import { directoryCorpus } from '../../src/node/directory-corpus.js';
import { loadScenario } from '../../src/node/scenario-ref.js';
import { checkDeterminism, divergence } from '../../src/run/check-determinism.js';
import { scheduleFromEnv, seedRange } from '../../src/run/seed-range.js';
import { Simulator } from '../../src/simulator.js';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

const scenarios = fileURLToPath(new URL('../fixtures/cli-scenarios.mjs', import.meta.url));

/** The error `fn` throws or rejects with. */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('directoryCorpus', () => {
  it('creates the folder, saves each tape as <fnv hash>-<length>.tape and loads .tape files in name order', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sched-corpus-')), 'nested', 'corpus');
    const store = directoryCorpus(dir);
    expect(store.load()).toEqual([]);
    const a = Uint8Array.from([1, 2, 3]);
    const b = Uint8Array.from([200]);
    store.save(a);
    store.save(b);
    store.save(a);
    const name = (tape: Uint8Array): string =>
      `${hashString(String.fromCharCode(...tape))
        .toString(16)
        .padStart(8, '0')}-${tape.length}.tape`;
    expect(readdirSync(dir).sort()).toEqual([name(a), name(b)].sort());
    expect(name(a)).toMatch(/^[0-9a-f]{8}-3\.tape$/);
    expect(readFileSync(join(dir, name(b)))).toEqual(Buffer.from([200]));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    writeFileSync(join(dir, 'x.tape.bak'), 'ignored');
    const loaded = store.load();
    expect(loaded.every((tape) => tape instanceof Uint8Array)).toBe(true);
    const expected = [
      [name(a), a],
      [name(b), b],
    ]
      .sort(([x], [y]) => (String(x) < String(y) ? -1 : 1))
      .map(([, tape]) => [...(tape as Uint8Array)]);
    expect(loaded.map((tape) => [...tape])).toEqual(expected);
  });

  it('pads the hash to 8 hex digits and loads many tapes in name order (not the directory order)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-corpus-'));
    const store = directoryCorpus(dir);
    // A tape whose hash needs fewer than 8 hex digits (found deterministically).
    let small = 0;
    while (hashString(String.fromCharCode(small & 0xff, small >> 8)) >= 0x1000_0000) small++;
    const tape = Uint8Array.from([small & 0xff, small >> 8]);
    store.save(tape);
    const expected = `${hashString(String.fromCharCode(...tape))
      .toString(16)
      .padStart(8, '0')}-2.tape`;
    expect(expected.startsWith('0')).toBe(true);
    expect(readdirSync(dir)).toEqual([expected]);
    for (let i = 0; i < 40; i++) store.save(Uint8Array.from([i, i * 7, 3]));
    const names = readdirSync(dir).sort();
    const loaded = store.load().map((t) => [...t].join(','));
    expect(loaded).toEqual(names.map((name) => [...readFileSync(join(dir, name))].join(',')));
  });

  it('saves into a folder that was removed after it was first loaded', () => {
    const root = mkdtempSync(join(tmpdir(), 'sched-corpus-'));
    const dir = join(root, 'later');
    directoryCorpus(dir).save(Uint8Array.from([]));
    expect(readdirSync(dir)).toEqual([`${hashString('').toString(16).padStart(8, '0')}-0.tape`]);
  });
});

describe('loadScenario', () => {
  it('loads an export by absolute path, file: URL string and URL object', async () => {
    expect(await loadScenario({ module: scenarios, export: 'lostUpdate' })).toBe(lostUpdate);
    expect(await loadScenario({ module: new URL(`file://${scenarios}`), export: 'lostUpdate' })).toBe(lostUpdate);
    expect(await loadScenario({ module: `file://${scenarios}`, export: 'lostUpdate' })).toBe(lostUpdate);
  });

  it('names the module or the export in a typed error', async () => {
    const missing = (await caught(() =>
      loadScenario({ module: '/no/such/module.mjs', export: 'f' }),
    )) as InvalidArgumentError;
    expect(missing).toBeInstanceOf(InvalidArgumentError);
    expect(missing.argument).toBe('module');
    expect(missing.value).toBe('/no/such/module.mjs');
    expect(missing.message).toMatch(
      /^Invalid module: "\/no\/such\/module\.mjs"; expected an importable module \(Error: .+\)\.$/,
    );
    const notFn = (await caught(() =>
      loadScenario({ module: scenarios, export: 'notAFunction' }),
    )) as InvalidArgumentError;
    expect(notFn).toBeInstanceOf(InvalidArgumentError);
    expect(notFn.argument).toBe('export');
    expect(notFn.message).toBe(`Invalid export: "notAFunction"; expected a function exported by ${scenarios}.`);
  });
});

describe('seedRange and scheduleFromEnv', () => {
  it('accepts a range that ends at MAX_SEED and rejects one past it, saying how many fit', () => {
    expect(seedRange(1, MAX_SEED, {})).toEqual({ from: MAX_SEED, count: 1 });
    expect(seedRange(3, MAX_SEED - 2, {})).toEqual({ from: MAX_SEED - 2, count: 3 });
    const error = (() => {
      try {
        seedRange(4, MAX_SEED - 2, {});
      } catch (e) {
        return e as InvalidArgumentError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.argument).toBe('iterations');
    expect(error.value).toBe(4);
    expect(error.message).toBe(`Invalid iterations: 4; expected at most 3 seeds starting at ${MAX_SEED - 2}.`);
    expect(() => seedRange(1, 0, { ITERATIONS: String(MAX_SEED + 2) })).toThrow(
      /at most 4294967296 seeds starting at 0/,
    );
  });

  it('shows the ITERATIONS text it rejects', () => {
    expect(() => seedRange(5, 0, { ITERATIONS: 'lots' })).toThrow(/"lots"/);
  });

  it('scheduleFromEnv: unset or empty is no schedule; a schedule with SEED empty is fine; with SEED set, an error', () => {
    expect(scheduleFromEnv({})).toBeUndefined();
    expect(scheduleFromEnv({ SCHEDULE: '' })).toBeUndefined();
    expect(scheduleFromEnv({ SCHEDULE: '', SEED: '3' })).toBeUndefined();
    expect(scheduleFromEnv({ SCHEDULE: '0.2.1', SEED: '' })).toEqual([0, 2, 1]);
    expect(scheduleFromEnv({ SCHEDULE: '-' })).toEqual([]);
    const error = (() => {
      try {
        scheduleFromEnv({ SCHEDULE: '1.0', SEED: '4' });
      } catch (e) {
        return e as InvalidArgumentError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.argument).toBe('SCHEDULE');
    expect(error.message).toBe(
      'Invalid SCHEDULE: "1.0"; expected unset when SEED is set (replay a seed or a schedule, not both).',
    );
  });
});

describe('checkDeterminism and divergence', () => {
  it("rethrows the body's own error when it fails the same way twice", async () => {
    const boom = new TypeError('same both times');
    const error = await caught(() =>
      checkDeterminism(async (sim: Simulator) => {
        sim.spawn(() => {});
        await sim.runUntilIdle();
        throw boom;
      }),
    );
    expect(error).toBe(boom);
  });

  it('catches runs whose very first step differs only in its label (the trace hash does not see labels)', async () => {
    let runs = 0;
    const error = await caught(() =>
      checkDeterminism(async (sim: Simulator) => {
        runs++;
        sim.spawn(() => {}, { label: runs === 1 ? 'first' : 'second' });
        await sim.runUntilIdle();
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as { step: number }).step).toBe(0);
    expect((error as Error).message).toContain('runs diverge at step 1:');
  });

  it('compares the hashes of runs without trace events', async () => {
    const run = async (count: number): Promise<Simulator> => {
      const sim = new Simulator({ trace: false });
      for (let i = 0; i < count; i++) sim.spawn(() => {});
      await sim.runUntilIdle();
      return sim;
    };
    const [a, b, c] = [await run(2), await run(3), await run(2)];
    expect(a.trace.events).toEqual([]);
    expect(divergence(a, c)).toBeUndefined();
    const error = divergence(a, b);
    expect(error?.step).toBe(0);
    expect(error?.message).toContain('runs diverge at step 1:\n  first run:  (ended)\n  second run: (ended)');
  });
});
