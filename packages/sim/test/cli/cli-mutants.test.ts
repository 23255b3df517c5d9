// Mutation-testing follow-up (docs/mutation.md, "sim: cli/"): `runCli`'s dispatch, exit codes and
// the exact lines the commands print.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReplayFile, parseReplayFile } from '@sched/sim';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXIT, packageVersion } from '../../src/cli/cli-io.js';
import { CORPUS_HELP } from '../../src/cli/commands/corpus.js';
import { EXPLORE_HELP } from '../../src/cli/commands/explore.js';
import { IMPORT_HELP } from '../../src/cli/commands/import.js';
import { REPLAY_HELP } from '../../src/cli/commands/replay.js';
import { SHRINK_HELP } from '../../src/cli/commands/shrink.js';
import { TRACE_HELP } from '../../src/cli/commands/trace.js';
import { HELP } from '../../src/cli/main.js';
import { runCliIn, SCENARIOS as scenarios, VERSION as version } from './harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sched-cli-mut-'));
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  return runCliIn(dir, argv);
}

describe('runCli dispatch and exit codes', () => {
  it('has the documented exit codes', () => {
    expect(EXIT).toEqual({ ok: 0, failure: 1, usage: 2, replayFile: 3, input: 4 });
    expect(packageVersion()).toBe(version);
  });

  it('prints the whole help: exit 2 without a command, 0 for --help, -h and help', async () => {
    expect(await cli()).toEqual({ code: 2, out: [HELP], err: [] });
    for (const ask of ['--help', '-h', 'help']) expect(await cli(ask), ask).toEqual({ code: 0, out: [HELP], err: [] });
    expect(HELP.startsWith('sched — explore, replay, shrink and draw interleavings of @sched/sim scenarios\n\n')).toBe(
      true,
    );
    expect(HELP).toContain('A scenario is an exported async function (sim) => …, named <module>#<export>.');
    // Every command's help, in order, one blank line apart.
    expect(HELP).toContain([EXPLORE_HELP, REPLAY_HELP, IMPORT_HELP, SHRINK_HELP, TRACE_HELP, CORPUS_HELP].join('\n\n'));
    expect(
      HELP.endsWith(
        '\n\nExit codes: 0 no failure, 1 failure found or reproduced, 2 bad command line,\n3 unreadable replay file, 4 scenario could not be loaded.',
      ),
    ).toBe(true);
  });

  it('prints one command help for <command> --help (and -h), exit 0, whatever else is on the line', async () => {
    const helps = {
      explore: EXPLORE_HELP,
      replay: REPLAY_HELP,
      import: IMPORT_HELP,
      shrink: SHRINK_HELP,
      trace: TRACE_HELP,
      corpus: CORPUS_HELP,
    };
    for (const [name, help] of Object.entries(helps)) {
      expect(await cli(name, '--help'), name).toEqual({ code: 0, out: [help], err: [] });
      expect(await cli(name, 'x', '-h', '--bogus'), name).toEqual({ code: 0, out: [help], err: [] });
      expect(help.startsWith(`sched ${name} `), name).toBe(true);
    }
  });

  it('rejects names inherited from Object.prototype as unknown commands', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(await cli(name), name).toEqual({
        code: 2,
        out: [],
        err: [`sched: unknown command "${name}" (run \`sched --help\`)`],
      });
    }
  });

  it('prefixes usage, replay-file and input errors with "sched: " and maps them to 2, 3 and 4', async () => {
    expect(await cli('explore', `${scenarios}#safe`, '--budget', '0')).toEqual({
      code: EXIT.usage,
      out: [],
      err: ['sched: --budget must be at least 1 (run `sched --help`)'],
    });
    writeFileSync(join(dir, 'junk.sched-replay'), 'not a replay file');
    const junk = await cli('replay', 'junk.sched-replay');
    expect(junk.code).toBe(EXIT.replayFile);
    expect(junk.out).toEqual([]);
    expect(junk.err).toHaveLength(1);
    expect(junk.err[0]).toMatch(/^sched: replay file is (corrupt|truncated): /);
    const missing = await cli('explore', `${scenarios}#noSuchExport`);
    expect(missing).toEqual({
      code: EXIT.input,
      out: [],
      err: [expect.stringMatching(/^sched: Invalid export: "noSuchExport"/)],
    });
  });

  it('lets any other error through (a replay file that cannot be written)', async () => {
    await expect(
      cli('explore', `${scenarios}#lostUpdate`, '--budget', '50', '-o', join(dir, 'no-such-dir', 'x.sched-replay')),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('sched explore: options and lines', () => {
  it('rejects extra positionals, a zero shrink budget and out-of-range bounds', async () => {
    const usage = async (...argv: string[]): Promise<string> => {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      return result.err.join('\n');
    };
    expect(await usage('explore', `${scenarios}#safe`, 'extra')).toBe(
      'sched: explore takes exactly one scenario (run `sched --help`)',
    );
    expect(await usage('explore', `${scenarios}#safe`, '--max-shrink-runs', '0')).toBe(
      'sched: --max-shrink-runs must be at least 1 (run `sched --help`)',
    );
    expect(await usage('explore', `${scenarios}#safe`, '--depth', '65')).toBe(
      'sched: --depth must be an integer from 1 to 64, not 65 (run `sched --help`)',
    );
    expect(await usage('explore', `${scenarios}#safe`, '--delays', '0')).toBe(
      'sched: --delays must be an integer from 1 to 64, not 0 (run `sched --help`)',
    );
    expect(await usage('explore', `${scenarios}#safe`, '--max-decisions', '1000001')).toBe(
      'sched: --max-decisions must be an integer from 1 to 1000000, not 1000001 (run `sched --help`)',
    );
    expect(await usage('explore', `${scenarios}#safe`, '--shard', '0/2')).toBe(
      'sched: --shard must be i/n with 1 ≤ i ≤ n, not "0/2" (run `sched --help`)',
    );
  });

  it('accepts the bounds themselves', async () => {
    for (const [option, value] of [
      ['--depth', '64'],
      ['--depth', '1'],
      ['--delays', '64'],
      ['--max-decisions', '1000000'],
      ['--max-shrink-runs', '1'],
      ['--budget', '1'],
    ] as const) {
      const result = await cli('explore', `${scenarios}#safe`, '--strategy', 'random', '--budget', '1', option, value);
      expect(result.code, `${option} ${value}`).toBe(0);
    }
  });

  it('prints the seeded search line, the failing seed and the replay file it wrote', async () => {
    const result = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--strategy',
      'seeded',
      '--budget',
      '50',
      '--from',
      '3',
      '--no-shrink',
    );
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(
      /^sched explore .*#lostUpdate: strategy seeded \(budget 50, from 3, shard 1\/1: 50 seeds\)$/,
    );
    expect(result.out[1]).toMatch(/^failure at seed (\d+): Error: lost update: count is [12]$/);
    const seed = Number(/seed (\d+)/.exec(result.out[1] as string)?.[1]);
    expect(seed).toBeGreaterThanOrEqual(3);
    const out = join(dir, 'lostUpdate.sched-replay');
    expect(result.out[2]).toBe(`wrote ${out}\nreplay it: sched replay ${out}`);
    const file = parseReplayFile(readFileSync(out));
    expect(file.decisions).toEqual({ kind: 'seed', seed });
    expect(file.strategy).toEqual({ name: 'seeded', params: { budget: 50, from: 3, shard: '1/1', seed } });
    expect(file.failure).toMatch(/^Error: lost update: count is [12]$/);
    expect(file.packageVersion).toBe(version);
    expect(file.scenario).toBe(`${scenarios}#lostUpdate`);
  });

  it('prints "no failure in N runs" for a seeded search that finds nothing', async () => {
    const result = await cli('explore', `${scenarios}#safe`, '--strategy', 'seeded', '--budget', '7', '--shard', '2/3');
    expect(result).toEqual({
      code: 0,
      out: [
        `sched explore ${scenarios}#safe: strategy seeded (budget 7, from 0, shard 2/3: 2 seeds)`,
        'no failure in 2 runs',
      ],
      err: [],
    });
  });

  it('prints the strategy line with its outer seed, and the summary of a search that finds nothing', async () => {
    const result = await cli(
      'explore',
      `${scenarios}#safe`,
      '--strategy',
      'random',
      '--budget',
      '9',
      '--from',
      '4',
      '--shard',
      '2/3',
    );
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe(
      `sched explore ${scenarios}#safe: strategy random (outer seed 5, 3 schedules, shard 2/3)`,
    );
    expect(result.out[1]).toMatch(/^no failure in 3 schedules \(\d+ distinct, \d+ coverage points\)$/);
    expect(result.out).toHaveLength(2);
  });

  it('says so when a shard has no share of the budget', async () => {
    const result = await cli('explore', `${scenarios}#safe`, '--strategy', 'pct', '--budget', '2', '--shard', '3/3');
    expect(result).toEqual({
      code: 0,
      out: [
        `sched explore ${scenarios}#safe: strategy pct (outer seed 2, 0 schedules, shard 3/3)`,
        'no failure in 0 schedules (this shard has no share of the budget)',
      ],
      err: [],
    });
  });

  it('prints the exhaustive lines: its bound, the proof, and a budget that ran out', async () => {
    const proof = await cli(
      'explore',
      `${scenarios}#safe`,
      '--strategy',
      'exhaustive',
      '--budget',
      '5000',
      '--max-decisions',
      '40',
    );
    expect(proof.code).toBe(0);
    expect(proof.out[0]).toBe(
      `sched explore ${scenarios}#safe: strategy exhaustive (at most 40 decisions branched, 5000 schedules, shard 1/1)`,
    );
    expect(proof.out[1]).toMatch(
      /^proved: no failing schedule within 40 decisions per schedule \(all \d+ schedules run\)$/,
    );
    const cut = await cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--budget', '2');
    expect(cut.out[1]).toMatch(
      /^no failure in 2 schedules \(\d+ distinct, \d+ coverage points\); not a proof: the budget was hit$/,
    );
    const shallow = await cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--max-decisions', '1');
    expect(shallow.out[1]).toMatch(
      /^no failure in \d+ schedules \(.*\); not a proof: the bound of 1 decisions per schedule was hit$/,
    );
  });

  it('records the portfolio members and the outer seed in the replay file, and prints the shrink line', async () => {
    const result = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--budget',
      '200',
      '--from',
      '1',
      '--max-shrink-runs',
      '500',
    );
    expect(result.code).toBe(1);
    expect(result.out[0]).toBe(
      `sched explore ${scenarios}#lostUpdate: strategy portfolio (outer seed 1, 200 schedules, shard 1/1)`,
    );
    expect(result.out[1]).toMatch(
      /^failure at schedule \d+, found by \S+ \((\w+=\S+ ?)+\): Error: lost update: count is [12]$/,
    );
    expect(result.out[2]).toMatch(/^shrunk to schedule (\d+(\.\d+)*|-) \(1-minimal, \d+ replays\)$/);
    const file = parseReplayFile(readFileSync(join(dir, 'lostUpdate.sched-replay')));
    expect(file.strategy.params).toMatchObject({ budget: 200, from: 1, shard: '1/1', outerSeed: 1 });
    expect(typeof file.strategy.params.portfolio).toBe('string');
    expect(String(file.strategy.params.portfolio).length).toBeGreaterThan(0);
    expect(file.decisions.kind).toBe('schedule');
    expect(file.failure).toMatch(/^Error: lost update: count is [12]$/);
  });

  it('does not record portfolio members for a single strategy', async () => {
    const result = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--strategy',
      'random',
      '--budget',
      '300',
      '--no-shrink',
    );
    expect(result.code).toBe(1);
    const file = parseReplayFile(readFileSync(join(dir, 'lostUpdate.sched-replay')));
    expect(file.strategy.name).toBe('random');
    expect(file.strategy.params).not.toHaveProperty('portfolio');
    expect(file.strategy.params).toMatchObject({ outerSeed: 0, budget: 300 });
    // --no-shrink: no shrink line.
    expect(result.out.some((line) => line.startsWith('shrunk'))).toBe(false);
  });
});

describe('sched replay / shrink / trace / import lines', () => {
  const write = (
    name: string,
    decisions: Parameters<typeof formatReplayFile>[0]['decisions'],
    failure?: string,
  ): string => {
    writeFileSync(
      join(dir, name),
      formatReplayFile({
        scenario: `${scenarios}#lostUpdate`,
        packageVersion: version,
        strategy: { name: 'manual', params: {} },
        decisions,
        failure,
      }),
    );
    return name;
  };

  it('replay: the header, "passed" with what the file recorded, and "failed: …"', async () => {
    write('pass.sched-replay', { kind: 'schedule', schedule: [] }, 'Error: was failing');
    expect(await cli('replay', 'pass.sched-replay', '--quiet')).toEqual({
      code: 0,
      out: [
        `replay ${scenarios}#lostUpdate with schedule - (found by manual, @sched/sim ${version})`,
        'passed (the file recorded: Error: was failing)',
      ],
      err: [],
    });
    write('plain.sched-replay', { kind: 'schedule', schedule: [] });
    expect((await cli('replay', 'plain.sched-replay', '--quiet')).out[1]).toBe('passed');
    write('tape.sched-replay', { kind: 'tape', tape: Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]) });
    const tape = await cli('replay', 'tape.sched-replay');
    expect(tape.code).toBe(1);
    expect(tape.out[0]).toContain('with byte tape of 9 bytes (found by manual');
    expect(tape.out).toHaveLength(3);
    expect(tape.out[2]).toMatch(/^failed: Error: lost update: count is [12]$/);
  });

  it('replay, shrink and trace take exactly one file, and name a file they cannot read', async () => {
    for (const command of ['replay', 'shrink', 'trace']) {
      const extra = command === 'trace' ? ['--html', 'x.html'] : [];
      expect((await cli(command, ...extra)).err, command).toEqual([
        `sched: ${command} takes exactly one replay file (run \`sched --help\`)`,
      ]);
      expect((await cli(command, 'a', 'b', ...extra)).code, command).toBe(2);
      const missing = await cli(command, 'missing.sched-replay', ...extra);
      expect(missing.code).toBe(2);
      expect(missing.err[0]).toMatch(new RegExp(`^sched: cannot read ${join(dir, 'missing.sched-replay')}: ENOENT`));
    }
    expect((await cli('trace', 'x')).err).toEqual([
      'sched: trace needs --html <file> or --perfetto <file> (run `sched --help`)',
    ]);
  });

  it("--scenario overrides the file's scenario", async () => {
    write('s.sched-replay', { kind: 'schedule', schedule: [] });
    const result = await cli('replay', 's.sched-replay', '--quiet', '--scenario', `${scenarios}#safe`);
    expect(result.code).toBe(0);
    const bad = await cli('replay', 's.sched-replay', '--scenario', `${scenarios}#nope`);
    expect(bad.code).toBe(4);
  });

  it('shrink: a passing file is left alone; a failing one is shrunk to -o with its byte tape', async () => {
    write('pass.sched-replay', { kind: 'seed', seed: 0 });
    const before = readFileSync(join(dir, 'pass.sched-replay'));
    expect(await cli('shrink', 'pass.sched-replay')).toEqual({
      code: 0,
      out: ['the seed 0 passes: nothing to shrink'],
      err: [],
    });
    expect(readFileSync(join(dir, 'pass.sched-replay'))).toEqual(before);
    write('fail.sched-replay', { kind: 'tape', tape: Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]) });
    const result = await cli('shrink', 'fail.sched-replay', '-o', 'min.sched-replay', '--tape-out', 'min.tape');
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(new RegExp(`^wrote ${join(dir, 'min.tape')} \\(byte tape of \\d+ bytes\\)$`));
    expect(result.out[1]).toMatch(
      new RegExp(
        `^shrunk byte tape of 9 bytes to schedule [\\d.]+ \\(1-minimal, \\d+ replays\\); wrote ${join(dir, 'min.sched-replay')}$`,
      ),
    );
    const min = parseReplayFile(readFileSync(join(dir, 'min.sched-replay')));
    expect(min.decisions.kind).toBe('schedule');
    expect(min.failure).toMatch(/^Error: lost update: count is [12]$/);
    expect(min.strategy).toEqual({ name: 'manual', params: {} });
    expect((await cli('shrink', 'fail.sched-replay', '--max-shrink-runs', '0')).err).toEqual([
      'sched: --max-shrink-runs must be at least 1 (run `sched --help`)',
    ]);
    // A budget of one replay cannot prove 1-minimality.
    const cut = await cli('shrink', 'fail.sched-replay', '-o', 'cut.sched-replay', '--max-shrink-runs', '1');
    expect(cut.out[0]).toMatch(/\(replay budget ran out, 1 replays\)/);
  });

  it('trace: the passed / failed verdict, and each output alone', async () => {
    write('pass.sched-replay', { kind: 'schedule', schedule: [] });
    const html = await cli('trace', 'pass.sched-replay', '--html', 'p.html');
    expect(html).toEqual({ code: 0, out: [`wrote ${join(dir, 'p.html')}`, 'passed'], err: [] });
    const page = readFileSync(join(dir, 'p.html'), 'utf8');
    expect(page).toContain(`${scenarios}#lostUpdate — schedule -`);
    expect(page).toContain('found by manual; passed');
    write('fail.sched-replay', { kind: 'tape', tape: Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]) });
    const json = await cli('trace', 'fail.sched-replay', '--perfetto', 'f.json');
    expect(json.code).toBe(1);
    expect(json.out[0]).toBe(`wrote ${join(dir, 'f.json')} (open it in ui.perfetto.dev)`);
    expect(json.out[1]).toMatch(/^failed: Error: lost update: count is [12]$/);
    expect(json.out).toHaveLength(2);
  });

  it('import: usage errors, the tape line and the shrink line', async () => {
    expect((await cli('import', `${scenarios}#lostUpdate`)).err).toEqual([
      'sched: import takes a scenario and a tape file (run `sched --help`)',
    ]);
    expect((await cli('import', `${scenarios}#lostUpdate`, 'a', 'b')).code).toBe(2);
    const missing = await cli('import', `${scenarios}#lostUpdate`, 'nope');
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^sched: cannot read nope: ENOENT/);
    writeFileSync(join(dir, 'crash'), Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]));
    expect((await cli('import', `${scenarios}#lostUpdate`, 'crash', '--max-shrink-runs', '0')).err).toEqual([
      'sched: --max-shrink-runs must be at least 1 (run `sched --help`)',
    ]);
    const result = await cli('import', `${scenarios}#lostUpdate`, 'crash', '--max-shrink-runs', '1');
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^tape of 9 bytes fails: Error: lost update: count is [12]$/);
    expect(result.out[1]).toMatch(/^shrunk to schedule [\d.]+ \(replay budget ran out, 1 replays\)$/);
    expect(result.out[2]).toBe(`wrote ${join(dir, 'crash.sched-replay')}`);
    writeFileSync(join(dir, 'ok'), Uint8Array.from([0]));
    const ok = await cli('import', `${scenarios}#lostUpdate`, 'ok', '-o', 'ok.r');
    expect(ok).toEqual({ code: 0, out: ['tape of 1 bytes passes', `wrote ${join(dir, 'ok.r')}`], err: [] });
    expect(parseReplayFile(readFileSync(join(dir, 'ok.r'))).failure).toBeUndefined();
  });
});
