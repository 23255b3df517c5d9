// Mutation-testing follow-up (docs/mutation.md, "sim: cli/"), second round: corpus merge's edge
// cases, explore's shrink and --no-shrink paths, and the options every command must accept.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReplayFile, parseReplayFile } from '@sched/sim';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPLORE_HELP } from '../../src/cli/commands/explore.js';
import { loadScenarioSpec } from '../../src/cli/scenario-spec.js';
import { runOne } from '../../src/run/run-one.js';
import { alwaysFails } from '../fixtures/cli-mutant-scenarios.mjs';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';
import { runCliIn, SCENARIOS as scenarios, VERSION as version } from './harness.js';

const failing = fileURLToPath(new URL('../fixtures/cli-mutant-scenarios.mjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sched-cli-mut2-'));
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  return runCliIn(dir, argv);
}

function writeReplay(name: string, scenario: string): string {
  writeFileSync(
    join(dir, name),
    formatReplayFile({
      scenario,
      packageVersion: version,
      strategy: { name: 'manual', params: {} },
      decisions: { kind: 'schedule', schedule: [] },
      failure: undefined,
    }),
  );
  return name;
}

describe('sched corpus merge: edge cases', () => {
  it('rejects another sub-command, a missing one, and a merge without inputs or -o', async () => {
    expect(await cli('corpus', 'split', 'a', '-o', 'b')).toEqual({
      code: 2,
      out: [],
      err: ['sched: unknown corpus command "split"; try: sched corpus merge a b -o c (run `sched --help`)'],
    });
    expect((await cli('corpus')).err).toEqual([
      'sched: unknown corpus command ""; try: sched corpus merge a b -o c (run `sched --help`)',
    ]);
    expect((await cli('corpus', 'merge', '-o', 'out')).err).toEqual([
      'sched: corpus merge needs inputs and -o <dir> (run `sched --help`)',
    ]);
    const missing = await cli('corpus', 'merge', 'nope', '-o', 'out');
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(new RegExp(`^sched: cannot read corpus ${join(dir, 'nope')}: ENOENT`));
  });

  it('names each tape tape-<first 16 hex digits of its SHA-256> and skips sub-folders', async () => {
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'in', 'sub', 'deep'), Uint8Array.from([7]));
    writeFileSync(join(dir, 'in', 'one'), 'abc');
    const result = await cli('corpus', 'merge', 'in', '-o', 'out');
    expect(result.code).toBe(0);
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(readdirSync(join(dir, 'out'))).toEqual(['tape-ba7816bf8f01cfea']);
    expect(result.out).toEqual([`read 1 tapes from 1 inputs; added 1 new, 1 in ${join(dir, 'out')}`]);
  });
});

describe('sched explore: shrinking and the saved run', () => {
  it('shrinks a failure of the default order to the empty schedule, printed as -', async () => {
    const result = await cli('explore', `${failing}#alwaysFails`, '--strategy', 'seeded', '--budget', '1');
    expect(result.code).toBe(1);
    expect(result.out[1]).toBe('failure at seed 0: Error: always');
    expect(result.out[2]).toMatch(/^shrunk to schedule - \(1-minimal, \d+ replays\)$/);
    const file = parseReplayFile(readFileSync(join(dir, 'alwaysFails.sched-replay')));
    expect(file.decisions).toEqual({ kind: 'schedule', schedule: [] });
    expect(file.failure).toBe('Error: always');
  });

  it('prints a schedule of several choices with dots (replay header)', async () => {
    let schedule: readonly number[] = [];
    for (let seed = 0; schedule.length < 2; seed++) schedule = (await runOne(lostUpdate, { seed })).simulator.schedule;
    writeFileSync(
      join(dir, 'long.sched-replay'),
      formatReplayFile({
        scenario: `${scenarios}#lostUpdate`,
        packageVersion: version,
        strategy: { name: 'manual', params: {} },
        decisions: { kind: 'schedule', schedule },
        failure: undefined,
      }),
    );
    const replayed = await cli('replay', 'long.sched-replay', '--quiet');
    expect(replayed.out[0]).toContain(` with schedule ${schedule.join('.')} (found by manual`);
  });

  it('says when the shrink budget ran out', async () => {
    const result = await cli('explore', `${scenarios}#lostUpdate`, '--budget', '200', '--max-shrink-runs', '1');
    expect(result.code).toBe(1);
    expect(result.out[2]).toMatch(/^shrunk to schedule [\d.]+ \(replay budget ran out, 1 replays\)$/);
  });

  it('--no-shrink prints the timeline of the failing run itself, as `sched replay` shows it', async () => {
    const found = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--strategy',
      'seeded',
      '--budget',
      '100',
      '--no-shrink',
    );
    expect(found.code).toBe(1);
    const replayed = await cli('replay', 'lostUpdate.sched-replay');
    expect(replayed.code).toBe(1);
    expect(found.out.at(-1)).toBe(replayed.out[1]);
    expect(found.out.at(-1)).toMatch(/lost update|racy/);
  });

  it("prints the finder's parameters space-separated", async () => {
    const result = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--strategy',
      'pct',
      '--budget',
      '300',
      '--no-shrink',
    );
    expect(result.code).toBe(1);
    expect(result.out[1]).toMatch(
      /^failure at schedule \d+, found by pct\(d=3\) \(depth=3 steps=\d+ seed=\d+\): Error: /,
    );
  });

  it('runs the whole budget in each exhaustive shard (the shards split the tree, not the budget)', async () => {
    const result = await cli(
      'explore',
      `${scenarios}#safe`,
      '--strategy',
      'exhaustive',
      '--budget',
      '7',
      '--shard',
      '2/3',
    );
    expect(result.out[0]).toBe(
      `sched explore ${scenarios}#safe: strategy exhaustive (at most 64 decisions branched, 7 schedules, shard 2/3)`,
    );
  });

  it('prints the plain summary for a portfolio that finds nothing (its exhaustive member is no proof)', async () => {
    const result = await cli('explore', `${scenarios}#safe`, '--budget', '12');
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(2);
    expect(result.out[1]).toMatch(/^no failure in 12 schedules \(\d+ distinct, \d+ coverage points\)$/);
  });
});

describe('help text', () => {
  it('lists every strategy --strategy accepts, with its default', () => {
    expect(EXPLORE_HELP).toContain(
      '  --strategy <name>   portfolio, random, pct, delay, coverage, exhaustive, seeded (default portfolio)\n',
    );
  });
});

describe('one scenario, one file', () => {
  it('import and replay reject a second extra argument by name, even when it exists', async () => {
    writeFileSync(join(dir, 'a'), Uint8Array.from([0]));
    writeFileSync(join(dir, 'b'), Uint8Array.from([0]));
    expect(await cli('import', `${scenarios}#lostUpdate`, 'a', 'b')).toEqual({
      code: 2,
      out: [],
      err: ['sched: import takes a scenario and a tape file (run `sched --help`)'],
    });
    writeReplay('r1.sched-replay', `${scenarios}#safe`);
    writeReplay('r2.sched-replay', `${scenarios}#safe`);
    expect(await cli('replay', 'r1.sched-replay', 'r2.sched-replay')).toEqual({
      code: 2,
      out: [],
      err: ['sched: replay takes exactly one replay file (run `sched --help`)'],
    });
  });

  it('shrink and trace accept --scenario', async () => {
    writeReplay('r.sched-replay', `${scenarios}#lostUpdate`);
    const shrink = await cli('shrink', 'r.sched-replay', '--scenario', `${scenarios}#safe`);
    expect(shrink).toEqual({ code: 0, out: ['the schedule - passes: nothing to shrink'], err: [] });
    const trace = await cli('trace', 'r.sched-replay', '--scenario', `${failing}#alwaysFails`, '--html', 't.html');
    expect(trace).toEqual({ code: 1, out: [`wrote ${join(dir, 't.html')}`, 'failed: Error: always'], err: [] });
  });

  it('reads a relative module path with a colon after its first segment as a path, not a URL', async () => {
    mkdirSync(join(dir, 'sub'));
    copyFileSync(failing, join(dir, 'sub', 'm:x.mjs'));
    expect(await loadScenarioSpec('sub/m:x.mjs#alwaysFails', dir)).not.toBe(alwaysFails);
    expect(typeof (await loadScenarioSpec('sub/m:x.mjs#alwaysFails', dir))).toBe('function');
  });
});
