import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ByteTapeSource, CoverageRecorder, encodeByteTape, runOne, runTape } from '@sched/sim';
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
  const coverage = async (schedule: number[]): Promise<{ map: Uint8Array; points: readonly number[] }> => {
    const map = new Uint8Array(1 << 16);
    const { coverage: points } = await runTape(plantedBug, encodeByteTape(schedule, countsOf(schedule)));
    writeInterleavingCoverage(map, points);
    return { map, points };
  };
  // Every choice of the planted bug is among at most 3 Runnables: one byte each.
  const countsOf = (schedule: number[]) => schedule.map(() => 3);

  it("marks explore()'s coverage points: the same for the same run, different for another order", async () => {
    const a = await coverage([]);
    expect(a.map.reduce((sum, v) => sum + v, 0)).toBe(a.points.length);
    for (const point of a.points) expect(a.map[point & 0xffff]).toBeGreaterThan(0);
    expect((await coverage([])).map).toEqual(a.map);
    expect((await coverage([2, 1])).map).not.toEqual(a.map);
  });

  it('is the coverage the in-process coverage strategy records for the same run', async () => {
    const tapeBytes = tape(2, 1, 0, 2, 1, 0, 2);
    const harness = await runTapeOnce(plantedBug, tapeBytes);
    const recorder = new CoverageRecorder();
    await runOne(plantedBug, { source: new ByteTapeSource(tapeBytes), observer: recorder });
    expect(harness.coverage).toEqual([...recorder.points].sort((x, y) => x - y));
    expect(harness.coverage.length).toBeGreaterThan(5);
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

  it('rejects a scenario name without #<export> with usage and exit 64 (the sched CLI loader says so)', () => {
    for (const spec of ['targets/planted-bug.mjs', 'targets/planted-bug.mjs#', '#plantedBug']) {
      const run = spawnSync(process.execPath, ['afl-harness.mjs', spec, 'input'], { cwd: fuzzDir, encoding: 'utf8' });
      expect(run.status, spec).toBe(64);
      expect(run.stderr, spec).toContain('usage: node afl-harness.mjs <module>#<export> <input-file>');
    }
  });

  it('loads a scenario named by file: URL, as the sched CLI does', () => {
    const url = pathToFileURL(join(fuzzDir, 'targets/planted-bug.mjs')).href;
    expect(harness(`${url}#plantedBug`, tape())).toMatchObject({ status: 0, stdout: 'pass\n' });
  });
});
