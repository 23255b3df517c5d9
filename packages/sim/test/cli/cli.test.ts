import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReplayFile, parseReplayFile, replayDecisions, shrinkSchedule } from '@sched/sim';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseShard, shardSeeds } from '../../src/cli/shard.js';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';
import { runCliIn, SCENARIOS as scenarios, VERSION as version } from './harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sched-cli-'));
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCliIn(dir, argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sched explore', () => {
  it('finds the lost update with the default portfolio, shrinks it to a 1-minimal schedule and saves a replay file', async () => {
    const result = await cli('explore', `${scenarios}#lostUpdate`, '--budget', '200', '-o', 'bug.sched-replay');
    expect(result.code).toBe(1);
    expect(result.out).toContain('strategy portfolio (outer seed 0, 200 schedules, shard 1/1)');
    expect(result.out).toMatch(/failure at schedule \d+, found by \S+ \(.*\): Error: lost update: count is [12]/);
    expect(result.out).toMatch(/shrunk to schedule [\d.]+ \(1-minimal, \d+ replays\)/);
    const file = parseReplayFile(readFileSync(join(dir, 'bug.sched-replay')), { packageVersion: version });
    expect(file.scenario).toBe(`${scenarios}#lostUpdate`);
    // The member that found it, with its own parameters and the search's.
    expect(['pct(d=2)', 'delay(d=2)', 'random', 'exhaustive', 'coverage', 'pct(d=3)']).toContain(file.strategy.name);
    expect(file.strategy.params).toMatchObject({
      budget: 200,
      from: 0,
      shard: '1/1',
      outerSeed: 0,
      portfolio: 'pct(d=2),delay(d=2),random,exhaustive,coverage,pct(d=3)',
    });
    expect(file.failure).toMatch(/^Error: lost update/);
    if (file.decisions.kind !== 'schedule') throw new Error('expected a schedule');
    // 1-minimal: shrinking the saved schedule again changes nothing.
    const again = await shrinkSchedule(lostUpdate, file.decisions.schedule);
    expect(again.schedule).toEqual(file.decisions.schedule);
    const outcome = await replayDecisions(lostUpdate, file.decisions);
    expect(outcome.ok).toBe(false);
  });

  it.each([
    ['random', { seed: expect.any(Number) }],
    ['pct', { depth: 2, steps: expect.any(Number), seed: expect.any(Number) }],
    ['delay', { delays: expect.any(Number), steps: expect.any(Number), seed: expect.any(Number) }],
    ['coverage', { tape: expect.any(Number) }],
    ['exhaustive', { maxDecisions: 64, schedule: expect.any(Number) }],
  ] as const)(
    'with --strategy %s saves its name and parameters, and the file replays the failure',
    async (name, params) => {
      const result = await cli(
        'explore',
        `${scenarios}#lostUpdate`,
        '--strategy',
        name,
        '--budget',
        '300',
        '--depth',
        '2',
      );
      expect(result.code).toBe(1);
      const file = parseReplayFile(readFileSync(join(dir, 'lostUpdate.sched-replay')));
      expect(file.strategy.name).toBe(name === 'pct' ? 'pct(d=2)' : name === 'delay' ? 'delay(d=2)' : name);
      expect(file.strategy.params).toMatchObject({ ...params, budget: 300, shard: '1/1' });
      const replayed = await cli('replay', 'lostUpdate.sched-replay', '--quiet');
      expect(replayed.code).toBe(1);
      expect(replayed.out).toMatch(/failed: Error: lost update: count is [12]/);
    },
  );

  it('keeps the seeded search: one run per seed of the range', async () => {
    const result = await cli('explore', `${scenarios}#lostUpdate`, '--strategy', 'seeded', '--budget', '200');
    expect(result.code).toBe(1);
    expect(result.out).toContain('strategy seeded (budget 200, from 0, shard 1/1: 200 seeds)');
    expect(result.out).toMatch(/failure at seed \d+: Error: lost update: count is [12]/);
    const file = parseReplayFile(readFileSync(join(dir, 'lostUpdate.sched-replay')));
    expect(file.strategy).toMatchObject({ name: 'seeded', params: { budget: 200, from: 0, seed: expect.any(Number) } });
  });

  it('reports no failure with exit 0 for a safe scenario', async () => {
    const result = await cli('explore', `${scenarios}#safe`, '--strategy', 'random', '--budget', '20');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/no failure in 20 schedules \(\d+ distinct, \d+ coverage points\)/);
    const seeded = await cli('explore', `${scenarios}#safe`, '--strategy', 'seeded', '--budget', '20');
    expect(seeded.out).toContain('no failure in 20 runs');
  });

  it('says when exhaustive search proved that no schedule within its bound fails, and when it did not', async () => {
    const proof = await cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--budget', '5000');
    expect(proof.code).toBe(0);
    expect(proof.out).toContain('proved: no failing schedule within 64 decisions per schedule (all 90 schedules run)');
    const cut = await cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--budget', '10');
    expect(cut.out).toContain('no failure in 10 schedules');
    expect(cut.out).toContain('not a proof: the budget was hit');
    const shallow = await cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--max-decisions', '2');
    expect(shallow.out).toContain('not a proof: the bound of 2 decisions per schedule was hit');
  });

  it('prints progress on stderr: every 100 schedules with --progress', async () => {
    const result = await cli('explore', `${scenarios}#safe`, '--strategy', 'pct', '--budget', '250', '--progress');
    expect(result.code).toBe(0);
    const lines = result.err.split('\n');
    expect(lines.map((line) => Number(line.split(' ')[0]))).toEqual([100, 200, 250]);
    for (const line of lines) {
      expect(line).toMatch(/^\d+ schedules \(\d+\/s\) · \d+ distinct · \d+ coverage points · corpus \d+ · best \d+$/);
    }
  });

  it('keeps the coverage corpus in --corpus <dir>', async () => {
    await cli('explore', `${scenarios}#safe`, '--strategy', 'coverage', '--budget', '50', '--corpus', 'corpus');
    const tapes = readdirSync(join(dir, 'corpus'));
    expect(tapes.length).toBeGreaterThan(0);
    expect(tapes.every((name) => name.endsWith('.tape'))).toBe(true);
  });

  it('partitions the work across shards deterministically', async () => {
    const shards = [1, 2, 3].map((index) => shardSeeds(10, 20, { index, count: 3 }));
    expect(shards[0]).toEqual([10, 13, 16, 19, 22, 25, 28]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    expect(() => parseShard('0/3')).toThrow(/--shard must be i\/n/);
    expect(() => parseShard('4/3')).toThrow(/--shard must be i\/n/);
    const seeded = await cli(
      'explore',
      `${scenarios}#safe`,
      '--strategy',
      'seeded',
      '--budget',
      '20',
      '--shard',
      '2/3',
    );
    expect(seeded.out).toContain('shard 2/3: 7 seeds');
    expect(seeded.out).toContain('no failure in 7 runs');
    // Seeded strategies: shard i runs outer seed from + i − 1 with its share of the budget.
    const pct = await cli(
      'explore',
      `${scenarios}#safe`,
      '--strategy',
      'pct',
      '--budget',
      '20',
      '--from',
      '5',
      '--shard',
      '2/3',
    );
    expect(pct.out).toContain('strategy pct (outer seed 6, 7 schedules, shard 2/3)');
    expect(pct.out).toContain('no failure in 7 schedules');
    // Exhaustive: the shards split the tree by the first decision; together they run it once.
    const parts = await Promise.all(
      ['1/3', '2/3', '3/3'].map((shard) =>
        cli('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--budget', '5000', '--shard', shard),
      ),
    );
    const counts = parts.map((part) => Number(/all (\d+) schedules run/.exec(part.out)?.[1]));
    expect(counts).toEqual([30, 30, 30]);
    for (const part of parts) expect(part.out).toMatch(/proved: .* in shard \d\/3 of the tree/);
  });

  it('rejects bad command lines with exit 2 and a message', async () => {
    expect(await cli('explore')).toMatchObject({
      code: 2,
      err: expect.stringContaining('explore takes exactly one scenario'),
    });
    expect(await cli('explore', `${scenarios}#safe`, '--strategy', 'magic')).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        'unknown strategy "magic"; available: portfolio, random, pct, delay, coverage, exhaustive, seeded',
      ),
    });
    expect(await cli('explore', `${scenarios}#safe`, '--strategy', 'pct', '--depth', '0')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--depth must be an integer from 1 to 64, not 0'),
    });
    expect(await cli('explore', `${scenarios}#safe`, '--delays', 'x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--delays must be a non-negative integer, not "x"'),
    });
    expect(await cli('explore', `${scenarios}#safe`, '--budgte', '3')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown option --budgte'),
    });
    expect(await cli('explore', 'no-hash-here')).toMatchObject({
      code: 2,
      err: expect.stringContaining('<module>#<export>'),
    });
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "frobnicate"'),
    });
    expect(await cli('explore', `${scenarios}#notAFunction`)).toMatchObject({
      code: 4,
      err: expect.stringContaining('Invalid export: "notAFunction"'),
    });
  });

  it('prints help with exit 0', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    for (const command of ['explore', 'replay', 'shrink', 'trace', 'corpus merge'])
      expect(result.out).toContain(`sched ${command}`);
    expect((await cli('replay', '--help')).out).toMatch(/^sched replay <file>/);
  });
});

describe('sched replay / shrink / trace', () => {
  const write = (name: string, decisions: Parameters<typeof formatReplayFile>[0]['decisions']): string => {
    writeFileSync(
      join(dir, name),
      formatReplayFile({
        scenario: `${scenarios}#lostUpdate`,
        packageVersion: version,
        strategy: { name: 'afl++', params: {} },
        decisions,
      }),
    );
    return name;
  };

  it('replays a failing byte tape (exit 1) and a passing schedule (exit 0)', async () => {
    const pass = await cli('replay', write('pass.sched-replay', { kind: 'schedule', schedule: [] }), '--quiet');
    expect(pass.code).toBe(0);
    expect(pass.out).toContain('replay');
    expect(pass.out).toContain('with schedule -');
    const failing = await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--budget',
      '200',
      '--no-shrink',
      '-o',
      'seed.sched-replay',
    );
    expect(failing.code).toBe(1);
    const replayed = await cli('replay', 'seed.sched-replay');
    expect(replayed.code).toBe(1);
    expect(replayed.out).toMatch(/failed: Error: lost update: count is [12]/);
    expect(replayed.out).toMatch(/racy read \d/);
    // Header (seed 0, no flags), then: racy first of 3, then the FIFO order.
    const tape = await cli(
      'replay',
      write('tape.sched-replay', { kind: 'tape', tape: Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]) }),
    );
    expect(tape.code).toBe(1);
    expect(tape.out).toContain('with byte tape of 9 bytes (found by afl++');
    expect(tape.out).toContain('failed: Error: lost update: count is 1');
  });

  it('shrinks a failing file in place to a 1-minimal schedule', async () => {
    await cli(
      'explore',
      `${scenarios}#lostUpdate`,
      '--strategy',
      'seeded',
      '--budget',
      '200',
      '--no-shrink',
      '-o',
      'seed.sched-replay',
    );
    expect(parseReplayFile(readFileSync(join(dir, 'seed.sched-replay'))).decisions.kind).toBe('seed');
    const result = await cli('shrink', 'seed.sched-replay');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/shrunk seed \d+ to schedule [\d.]+ \(1-minimal/);
    const file = parseReplayFile(readFileSync(join(dir, 'seed.sched-replay')));
    expect(file.decisions.kind).toBe('schedule');
    expect(file.failure).toMatch(/lost update/);
  });

  it('turns unreadable files into exit 3 with a typed message', async () => {
    const text = formatReplayFile({
      scenario: `${scenarios}#lostUpdate`,
      packageVersion: version,
      strategy: { name: 'x', params: {} },
      decisions: { kind: 'seed', seed: 1 },
    });
    writeFileSync(join(dir, 'cut.sched-replay'), text.slice(0, text.length - 8));
    expect(await cli('replay', 'cut.sched-replay')).toMatchObject({
      code: 3,
      err: expect.stringMatching(/^sched: replay file is truncated/),
    });
    expect(await cli('replay', 'missing.sched-replay')).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot read'),
    });
  });

  it('writes the HTML timeline and the Perfetto JSON of a replay', async () => {
    await cli('explore', `${scenarios}#lostUpdate`, '--budget', '200', '-o', 'bug.sched-replay');
    const result = await cli('trace', 'bug.sched-replay', '--html', 'out.html', '--perfetto', 'out.json');
    expect(result.code).toBe(1);
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('cli-scenarios.mjs:');
    expect(html).toContain('class="step deviation"');
    const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { traceEvents: unknown[] };
    expect(json.traceEvents.length).toBeGreaterThan(6);
    expect(await cli('trace', 'bug.sched-replay')).toMatchObject({ code: 2 });
  });
});

describe('sched import', () => {
  it('wraps a failing raw tape into a replay file, shrunk to a 1-minimal schedule', async () => {
    writeFileSync(join(dir, 'crash'), Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]));
    const result = await cli('import', `${scenarios}#lostUpdate`, 'crash');
    expect(result.code).toBe(1);
    expect(result.out).toContain('tape of 9 bytes fails: Error: lost update: count is 1');
    expect(result.out).toMatch(/shrunk to schedule [\d.]+ \(1-minimal/);
    const file = parseReplayFile(readFileSync(join(dir, 'crash.sched-replay')));
    expect(file.strategy).toEqual({ name: 'afl++', params: { input: 'crash' } });
    // --tape-out: the shrunk run as a byte tape, for a fuzzer's corpus.
    await cli('import', `${scenarios}#lostUpdate`, 'crash', '-o', 'again.sched-replay', '--tape-out', 'min.tape');
    const min = readFileSync(join(dir, 'min.tape'));
    const fromTape = await replayDecisions(lostUpdate, { kind: 'tape', tape: min });
    const fromFile = await replayDecisions(lostUpdate, file.decisions);
    expect(fromTape.ok).toBe(false);
    expect(fromTape.simulator.trace.hash).toBe(fromFile.simulator.trace.hash);
    expect((await cli('replay', 'crash.sched-replay', '--quiet')).code).toBe(1);
  });

  it('keeps a passing tape as it is (exit 0) and the raw tape with --no-shrink', async () => {
    writeFileSync(join(dir, 'ok'), Uint8Array.from([0, 0, 0, 0, 0]));
    expect((await cli('import', `${scenarios}#lostUpdate`, 'ok', '-o', 'ok.replay')).code).toBe(0);
    expect(parseReplayFile(readFileSync(join(dir, 'ok.replay'))).decisions).toEqual({
      kind: 'tape',
      tape: Uint8Array.from([0, 0, 0, 0, 0]),
    });
    writeFileSync(join(dir, 'crash'), Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0]));
    await cli('import', `${scenarios}#lostUpdate`, 'crash', '--no-shrink', '--strategy', 'libfuzzer');
    const file = parseReplayFile(readFileSync(join(dir, 'crash.sched-replay')));
    expect(file.decisions.kind).toBe('tape');
    expect(file.strategy.name).toBe('libfuzzer');
  });
});

describe('sched corpus merge', () => {
  it('merges corpora into one folder of distinct tapes', async () => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'id:000000'), Uint8Array.from([1, 2, 3]));
    writeFileSync(join(dir, 'a', 'id:000001'), Uint8Array.from([4]));
    writeFileSync(join(dir, 'a', '.state'), 'ignored');
    writeFileSync(join(dir, 'b', 'x'), Uint8Array.from([1, 2, 3]));
    writeFileSync(join(dir, 'single'), Uint8Array.from([9, 9]));
    const result = await cli('corpus', 'merge', 'a', 'b', 'single', '-o', 'merged');
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringContaining('read 4 tapes from 3 inputs; added 3 new, 3 in'),
    });
    const merged = readdirSync(join(dir, 'merged')).map((name) =>
      [...readFileSync(join(dir, 'merged', name))].join(','),
    );
    expect(merged.sort()).toEqual(['1,2,3', '4', '9,9']);
    const again = await cli('corpus', 'merge', 'a', '-o', 'merged');
    expect(again.out).toContain('added 0 new, 3 in');
    expect(await cli('corpus', 'merge', 'a')).toMatchObject({ code: 2 });
  });
});
