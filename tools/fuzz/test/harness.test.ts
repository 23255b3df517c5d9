import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOne } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { writeInterleavingCoverage } from '../src/interleaving-coverage.mjs';
import { runTapeOnce } from '../src/run-tape.mjs';
import { endless, fuzz as endlessFuzz } from '../targets/endless.mjs';
import { plantedBug } from '../targets/planted-bug.mjs';

const fuzzDir = fileURLToPath(new URL('..', import.meta.url));
const tape = (...choices: number[]): Uint8Array => Uint8Array.from([0, 0, 0, 0, 0, ...choices]);

describe('runTapeOnce', () => {
  it('gives pass, fail and budget verdicts', async () => {
    expect((await runTapeOnce(plantedBug, tape())).verdict).toBe('pass');
    // The planted order as `sched explore` shrank it (schedule 2.1.0.2.1.0.2), as a byte tape.
    const fail = await runTapeOnce(plantedBug, tape(2, 1, 0, 2, 1, 0, 2));
    expect(fail.verdict).toBe('fail');
    expect(String(fail.error)).toContain('planted bug');
    const budget = await runTapeOnce(endless, tape(), { maxSteps: 500 });
    expect(budget.verdict).toBe('budget');
    expect(budget.simulator.trace.steps).toBeLessThanOrEqual(501);
    // Its libFuzzer-style target treats the budget as a verdict, not a crash.
    await expect(endlessFuzz(tape(1, 2, 3))).resolves.toBeUndefined();
  });
});

describe('writeInterleavingCoverage', () => {
  const coverage = async (schedule: number[]): Promise<Uint8Array> => {
    const map = new Uint8Array(1 << 16);
    const outcome = await runOne(plantedBug, { schedule });
    writeInterleavingCoverage(map, outcome.simulator);
    return map;
  };

  it('adds one hit per step, the same for the same run and different for another order', async () => {
    const a = await coverage([]);
    // 3 tasks × (start + 3 resumes) = 12 steps, one hit each.
    expect(a.reduce((sum, v) => sum + v, 0)).toBe(12);
    expect(await coverage([])).toEqual(a);
    expect(await coverage([2, 1])).not.toEqual(a);
  });
});

describe('afl-harness.mjs run by hand (not under afl-fuzz)', () => {
  const harness = (target: string, bytes: Uint8Array, env: Record<string, string> = {}) => {
    const input = join(mkdtempSync(join(tmpdir(), 'sched-harness-')), 'input');
    writeFileSync(input, bytes);
    return spawnSync(process.execPath, ['afl-harness.mjs', target, input], {
      cwd: fuzzDir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  };

  it('prints the verdict and exits 0 (pass), 1 (fail) or 2 (budget)', () => {
    expect(harness('targets/planted-bug.mjs#plantedBug', tape())).toMatchObject({ status: 0, stdout: 'pass\n' });
    const fail = harness('targets/planted-bug.mjs#plantedBug', tape(2, 1, 0, 2, 1, 0, 2));
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/^fail: Error: planted bug/);
    const budget = harness('targets/endless.mjs#endless', tape(), { FUZZ_MAX_STEPS: '300' });
    expect(budget.status).toBe(2);
    expect(budget.stdout).toMatch(/^budget: LivelockError/);
  });

  it('rejects a bad command line with usage and exit 64', () => {
    const run = spawnSync(process.execPath, ['afl-harness.mjs'], { cwd: fuzzDir, encoding: 'utf8' });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('usage: node afl-harness.mjs <module>#<export> <input-file>');
  });
});
