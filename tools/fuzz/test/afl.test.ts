import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const fuzzDir = fileURLToPath(new URL('..', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliBin = join(root, 'packages/sim/dist/cli/bin.js');
const target = join(fuzzDir, 'targets/planted-bug.mjs');

function aflFuzzPath(): string {
  const which = spawnSync('sh', ['-c', 'command -v afl-fuzz'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status !== 0 || path === '') {
    throw new Error('afl-fuzz is not installed: run `bash scripts/ensure-afl.sh` (apt-get install -y afl++)');
  }
  return path;
}

describe('AFL++ on the planted bug', () => {
  it('finds the planted bug through the in-process forkserver, and the crash replays through `sched replay`', () => {
    const aflFuzz = aflFuzzPath();
    expect(existsSync(join(fuzzDir, 'dist/afl_shm.node')), 'the AFL map addon is built by `pnpm build`').toBe(true);
    expect(existsSync(cliBin), 'the sched CLI is built by `pnpm build`').toBe(true);
    const work = mkdtempSync(join(tmpdir(), 'sched-afl-'));
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    mkdirSync(join(work, 'in'));
    // One seed input: the header only (fallback seed 0, no flags).
    writeFileSync(join(work, 'in', 'header'), new Uint8Array(5));
    const stats = join(work, 'harness-stats.json');
    const run = spawnSync(
      aflFuzz,
      [
        '-i',
        join(work, 'in'),
        '-o',
        join(work, 'out'),
        '-t',
        '5000',
        '-V',
        '90',
        '--',
        process.execPath,
        'afl-harness.mjs',
        `${target}#plantedBug`,
        '@@',
      ],
      {
        cwd: fuzzDir,
        encoding: 'utf8',
        timeout: 150_000,
        env: {
          ...process.env,
          AFL_SKIP_BIN_CHECK: '1',
          AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES: '1',
          AFL_SKIP_CPUFREQ: '1',
          AFL_NO_UI: '1',
          AFL_BENCH_UNTIL_CRASH: '1',
          AFL_NO_AFFINITY: '1',
          AFL_MAP_SIZE: '65536',
          FUZZ_STATS: stats,
        },
      },
    );
    const log = `${run.stdout}\n${run.stderr}`;
    expect(run.status, log.slice(-3000)).toBe(0);
    expect(log).toContain('fork server is up');
    const crashes = readdirSync(join(work, 'out/default/crashes')).filter((name) => name.startsWith('id:'));
    expect(crashes.length, log.slice(-3000)).toBeGreaterThan(0);
    // The harness counted at least one failing run and every run had a verdict.
    const counts = JSON.parse(readFileSync(stats, 'utf8')) as {
      inputs: number;
      pass: number;
      fail: number;
      budget: number;
    };
    expect(counts.fail).toBeGreaterThan(0);
    expect(counts.pass + counts.fail + counts.budget).toBe(counts.inputs);

    // The crash, as a byte tape: the harness itself confirms it fails…
    const crash = join(work, 'out/default/crashes', crashes[0] as string);
    const manual = spawnSync(process.execPath, ['afl-harness.mjs', `${target}#plantedBug`, crash], {
      cwd: fuzzDir,
      encoding: 'utf8',
    });
    expect(manual.status).toBe(1);
    expect(manual.stdout).toMatch(/^fail: Error: planted bug/);
    // …and the CLI imports it (shrinking it) and replays it.
    const imported = spawnSync(
      process.execPath,
      [cliBin, 'import', `${target}#plantedBug`, crash, '-o', join(work, 'crash.sched-replay')],
      {
        cwd: work,
        encoding: 'utf8',
      },
    );
    expect(imported.status, imported.stderr).toBe(1);
    expect(imported.stdout).toMatch(/shrunk to schedule [\d.]+ \(1-minimal/);
    const replay = spawnSync(process.execPath, [cliBin, 'replay', join(work, 'crash.sched-replay')], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.stdout).toContain(
      'failed: Error: planted bug: the hand-off slot was corrupted by the order c a b b c a a',
    );
  }, 180_000);
});
