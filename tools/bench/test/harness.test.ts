// Self-test of the benchmark harness. Never asserts real timings: durations come from a fake
// clock, and the only real runs are smoke passes checked for correctness.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commandFor, parseCli } from '../lib/cli.mjs';
import { BenchUsageError } from '../lib/errors.mjs';
import { awaitNullLoop, floorCase, queueMicrotaskChain, setImmediateChain } from '../lib/floors.mjs';
import { claimSentence, claimShort, formatDuration, formatRatio } from '../lib/format.mjs';
import { listGroupNames, loadGroup, selectGroups, validateGroup } from '../lib/groups.mjs';
import { main } from '../lib/main.mjs';
import { renderSection, replaceSection } from '../lib/markdown.mjs';
import { compare, computeRatios, floorMultiple } from '../lib/ratios.mjs';
import { renderReport } from '../lib/report.mjs';
import { runGroup } from '../lib/runner.mjs';
import { quantile, summarize } from '../lib/stats.mjs';

const groupsDir = fileURLToPath(new URL('../groups', import.meta.url));

type Role = 'subject' | 'peer' | 'floor';

/** A group whose run() advances a fake clock by a fixed cost: timings are exact. */
function fakeTimedGroup(costs: Record<string, { role: Role; ns: number[] }>, clock: { t: number }) {
  const cases = Object.entries(costs).map(([name, { role, ns }]) => {
    let call = 0;
    return {
      name,
      role,
      run: async (params: { n: number }) => {
        clock.t += ns[call++ % ns.length] ?? 0;
        return params.n;
      },
      check: (result: number, params: { n: number }) => {
        if (result !== params.n) throw new Error(`expected ${params.n}, got ${result}`);
      },
    };
  });
  return {
    name: 'fake',
    description: 'fake clock',
    params: { full: { n: 10, ops: 10 }, smoke: { n: 1 } },
    cases,
  };
}

const row = (name: string, role: Role, values: number[], unit = 'ns', better: 'lower' | 'higher' = 'lower') => ({
  name,
  role,
  unit,
  better,
  summary: summarize(values),
});

describe('stats', () => {
  it('computes quartiles by linear interpolation, median and relative MAD', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ n: 4, min: 1, max: 4, median: 2.5, p25: 1.75, p75: 3.25, mean: 2.5, mad: 1 });
    expect(s.rmad).toBeCloseTo(0.4);
    expect(quantile([5], 0.5)).toBe(5);
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(TypeError);
  });
});

describe('ratios from known samples', () => {
  const subject = row('@sched', 'subject', [90, 100, 110]);
  const peer = row('p-queue', 'peer', [290, 300, 310]);
  const floor = row('await null loop', 'floor', [38, 40, 42]);

  it('subject vs peer: peer median / subject median for times', () => {
    const c = compare(subject, peer);
    if (!c.comparable) throw new Error('expected comparable');
    expect(c.speedup).toBeCloseTo(3);
    expect(c.lo).toBeCloseTo(295 / 105); // peer p25 / subject p75
    expect(c.hi).toBeCloseTo(305 / 95); // peer p75 / subject p25
    expect(c.withinNoise).toBe(false);
  });

  it('subject vs floor: a cost multiple of the floor', () => {
    const c = compare(subject, floor);
    if (!c.comparable) throw new Error('expected comparable');
    expect(floorMultiple(c).factor).toBeCloseTo(2.5);
  });

  it('phrases claims from the subject’s point of view', () => {
    const { claims, notes } = computeRatios([subject, peer, floor]);
    expect(notes).toEqual([]);
    expect(claims.map(claimSentence)).toEqual([
      expect.stringContaining('@sched is 3.00× faster than p-queue'),
      expect.stringContaining('@sched costs 2.50× the floor "await null loop"'),
    ]);
    const slow = computeRatios([row('s', 'subject', [200]), row('p', 'peer', [100])]).claims[0];
    expect(slow && claimShort(slow)).toBe('2.00× slower');
  });

  it('honors better: higher for metrics like throughput', () => {
    const s = row('@sched', 'subject', [200], 'tasks/ms', 'higher');
    const p = row('piscina', 'peer', [100], 'tasks/ms', 'higher');
    const [claim] = computeRatios([s, p]).claims;
    expect(claim?.speedup).toBeCloseTo(2);
    expect(claim && claimSentence(claim)).toContain('@sched is 2.00× better than piscina on tasks/ms');
  });

  it('flags overlapping spreads as noise and refuses to compare different measures', () => {
    const a = row('a', 'subject', [90, 100, 130]);
    const b = row('b', 'peer', [95, 105, 120]);
    const c = compare(a, b);
    expect(c.comparable && c.withinNoise).toBe(true);
    const bytes = row('native', 'peer', [64], 'B/task', 'lower');
    const r = computeRatios([a, bytes]);
    expect(r.claims).toEqual([]);
    expect(r.notes[0]).toMatch(/a vs native: not compared, different measures/);
  });

  it('without a subject, rows are relative to the best row', () => {
    const { relative } = computeRatios([row('x', 'floor', [30]), row('y', 'floor', [10]), row('z', 'floor', [25])]);
    expect(relative).toEqual([
      { name: 'x', best: 'y', factor: 3 },
      { name: 'y', best: 'y', factor: 1 },
      { name: 'z', best: 'y', factor: 2.5 },
    ]);
  });
  it('sets: claims and best rows are drawn only between rows of the same set', () => {
    const inSet = (r: ReturnType<typeof row>, set: string) => ({ ...r, set });
    const { claims, relative } = computeRatios([
      inSet(row('A sim', 'subject', [100]), 'A'),
      inSet(row('A fc', 'peer', [1000]), 'A'),
      inSet(row('B sim', 'subject', [50]), 'B'),
      inSet(row('B fc', 'peer', [200]), 'B'),
    ]);
    expect(claims.map((c) => [c.subject, c.other, c.speedup])).toEqual([
      ['A sim', 'A fc', 10],
      ['B sim', 'B fc', 4],
    ]);
    expect(relative.map((r) => [r.name, r.best])).toEqual([
      ['A sim', 'A sim'],
      ['A fc', 'A sim'],
      ['B sim', 'B sim'],
      ['B fc', 'B sim'],
    ]);
  });
});

describe('runner', () => {
  it('times each run with the clock and computes ratios from the samples', async () => {
    const clock = { t: 0 };
    const group = fakeTimedGroup(
      {
        sched: { role: 'subject', ns: [100] },
        peer: { role: 'peer', ns: [300] },
        floor: { role: 'floor', ns: [40] },
      },
      clock,
    );
    const result = await runGroup(group, { mode: 'full', warmup: 1, samples: 5, now: () => clock.t });
    expect(result.ok).toBe(true);
    expect(result.rows.map((r) => [r.name, r.summary.median, r.values.length, r.ops])).toEqual([
      ['sched', 100, 5, 10],
      ['peer', 300, 5, 10],
      ['floor', 40, 5, 10],
    ]);
    expect(result.ratios?.claims.map((c) => [c.other, c.otherRole, c.speedup])).toEqual([
      ['peer', 'peer', 3],
      ['floor', 'floor', 0.4], // the subject is 0.4× as fast as the floor, i.e. costs 2.5× it
    ]);
    const report = renderReport(result);
    expect(report).toContain('sched is 3.00× faster than peer');
    expect(report).toContain('sched costs 2.50× the floor "floor"');
    expect(report).toContain('10.0 ns'); // per op: 100 ns / 10 ops
  });

  it('a case may carry its own ops and set: per-op figures and ratios follow them', async () => {
    const clock = { t: 0 };
    const base = fakeTimedGroup(
      {
        'A s': { role: 'subject', ns: [100] },
        'A p': { role: 'peer', ns: [400] },
        'B s': { role: 'subject', ns: [300] },
        'B p': { role: 'peer', ns: [600] },
      },
      clock,
    );
    const group = {
      ...base,
      cases: base.cases.map((c) =>
        c.name.startsWith('A') ? { ...c, set: 'A', ops: 20 } : { ...c, set: 'B', ops: (p: { n: number }) => p.n * 3 },
      ),
    };
    const result = await runGroup(group, { mode: 'full', warmup: 0, samples: 3, now: () => clock.t });
    expect(result.ok).toBe(true);
    expect(result.rows.map((r) => [r.name, r.set, r.ops])).toEqual([
      ['A s', 'A', 20],
      ['A p', 'A', 20],
      ['B s', 'B', 30],
      ['B p', 'B', 30],
    ]);
    expect(result.ratios?.claims.map((c) => [c.subject, c.other, c.speedup])).toEqual([
      ['A s', 'A p', 4],
      ['B s', 'B p', 2],
    ]);
    const report = renderReport(result);
    expect(report).toContain('first subject of its set vs row');
    expect(report).toMatch(/A p .* 4\.00× faster/);
    expect(report).toMatch(/B p .* 2\.00× faster/);
    expect(report).toContain('5.00 ns'); // A: 100 ns / 20 ops
    expect(report).toContain('10.0 ns'); // B: 300 ns / 30 ops

    const bad = { ...base, cases: base.cases.map((c) => ({ ...c, ops: () => 0 })) };
    const failed = await runGroup(bad, { mode: 'full', warmup: 0, samples: 1, now: () => clock.t });
    expect(failed.ok).toBe(false);
    expect(failed.failure?.message).toMatch(/ops must be a positive number/);
  });

  it('checks every result, warm-up included, and interleaves cases round-robin', async () => {
    const order: string[] = [];
    let checks = 0;
    const mk = (name: string, role: Role) => ({
      name,
      role,
      run: async () => {
        order.push(name);
        return name;
      },
      check: (r: string) => {
        checks++;
        if (r !== name) throw new Error('wrong');
      },
    });
    const group = {
      name: 'order',
      description: 'order',
      params: { full: {}, smoke: {} },
      cases: [mk('a', 'subject'), mk('b', 'peer'), mk('c', 'floor')],
    };
    const result = await runGroup(group, { mode: 'full', warmup: 1, samples: 3 });
    expect(result.ok).toBe(true);
    expect(checks).toBe(12);
    expect(order.join('')).toBe('abc' + 'abc' + 'bca' + 'cab');
  });

  it('a case whose check throws fails the group, naming the case and sample', async () => {
    let calls = 0;
    const group = {
      name: 'broken',
      description: 'loses a task on its third run',
      params: { full: { n: 5 }, smoke: { n: 5 } },
      cases: [
        {
          name: 'lossy',
          role: 'subject' as const,
          run: async (p: { n: number }) => (++calls === 3 ? p.n - 1 : p.n),
          check: (got: number, p: { n: number }) => {
            if (got !== p.n) throw new Error(`expected ${p.n} tasks, got ${got}`);
          },
        },
        { name: 'fine', role: 'peer' as const, run: async () => 1, check: () => {} },
      ],
    };
    const result = await runGroup(group, { mode: 'full', warmup: 1, samples: 5 });
    expect(result.ok).toBe(false);
    expect(result.rows).toEqual([]);
    expect(result.failure).toMatchObject({ case: 'lossy', kind: 'check', phase: 'sample', index: 1, of: 5 });
    expect(result.failure?.message).toBe('case "lossy", sample 2/5: check failed: expected 5 tasks, got 4');
    expect(renderReport(result)).toContain('FAILED');
  });

  it('a check returning false, a throwing run, a run that never settles and a bad metric all fail', async () => {
    const base = { name: 'x', description: 'x', params: { full: {}, smoke: {} } };
    const one = (c: object) => ({
      ...base,
      cases: [
        {
          name: 'c',
          role: 'subject' as const,
          run: async (): Promise<unknown> => 1,
          check: (): unknown => undefined,
          ...c,
        },
      ],
    });
    const opts = { mode: 'smoke' as const, warmup: 0, samples: 1, timeoutMs: 50 };
    const falsy = await runGroup(one({ check: () => false }), opts);
    expect(falsy.failure?.kind).toBe('check');
    const threw = await runGroup(
      one({
        run: async () => {
          throw new Error('boom');
        },
      }),
      opts,
    );
    expect(threw.failure).toMatchObject({ kind: 'run', message: expect.stringContaining('boom') });
    const hung = await runGroup(one({ run: () => new Promise(() => {}) }), opts);
    expect(hung.failure).toMatchObject({
      kind: 'timeout',
      message: 'case "c", sample 1/1: run() did not settle within 50 ms',
    });
    const badMetric = await runGroup(one({ metric: () => ({ value: Number.NaN, unit: 'B', better: 'lower' }) }), opts);
    expect(badMetric.failure?.kind).toBe('metric');
  });

  it('uses the metric instead of time when a case declares one, honoring better', async () => {
    const m = (name: string, role: Role, value: number) => ({
      name,
      role,
      run: async () => value,
      check: () => {},
      metric: (v: number) => ({ value: v, unit: 'B/task', better: 'lower' as const }),
    });
    const group = {
      name: 'mem',
      description: 'memory',
      params: { full: { ops: 100 }, smoke: {} },
      cases: [m('sched', 'subject', 120), m('native', 'floor', 60), m('p-queue', 'peer', 480)],
    };
    const result = await runGroup(group, { mode: 'full', warmup: 0, samples: 3 });
    expect(result.rows.map((r) => [r.kind, r.unit, r.summary.median])).toEqual([
      ['metric', 'B/task', 120],
      ['metric', 'B/task', 60],
      ['metric', 'B/task', 480],
    ]);
    const sentences = result.ratios?.claims.map(claimSentence) ?? [];
    expect(sentences[0]).toContain('sched is at 2.00× the floor "native" on B/task');
    expect(sentences[1]).toContain('sched is 4.00× better than p-queue on B/task');
  });

  it('runs setup before and teardown after, even when a case fails', async () => {
    const log: string[] = [];
    const group = {
      name: 'hooks',
      description: 'hooks',
      params: { full: {}, smoke: {} },
      setup: () => void log.push('group setup'),
      teardown: () => void log.push('group teardown'),
      cases: [
        {
          name: 'c',
          role: 'subject' as const,
          setup: () => void log.push('case setup'),
          teardown: () => void log.push('case teardown'),
          run: async () => 0,
          check: () => {
            throw new Error('no');
          },
        },
      ],
    };
    const result = await runGroup(group, { mode: 'smoke', warmup: 1, samples: 1 });
    expect(result.failure?.phase).toBe('warm-up');
    expect(log).toEqual(['group setup', 'case setup', 'case teardown', 'group teardown']);
  });
});

describe('groups', () => {
  it('an unknown group name is a usage error listing the groups', () => {
    expect(() => selectGroups(['nope'], ['floor', 'node-dispatch'])).toThrow(BenchUsageError);
    expect(() => selectGroups(['nope'], ['floor', 'node-dispatch'])).toThrow(
      'unknown group "nope". Available groups: floor, node-dispatch',
    );
    expect(selectGroups([], ['a', 'b'])).toEqual(['a', 'b']);
    expect(selectGroups(['node-*', 'floor'], ['floor', 'node-a', 'node-b', 'sim-x'])).toEqual([
      'node-a',
      'node-b',
      'floor',
    ]);
  });

  it('validates the group contract', () => {
    expect(validateGroup(undefined, 'x')[0]).toMatch(/export const group/);
    const problems = validateGroup(
      {
        name: 'other',
        description: '',
        params: { full: { ops: -1 } },
        cases: [
          { name: 'a', role: 'boss', run: () => 1 },
          { name: 'a', role: 'peer', run: () => 1, check: () => {} },
          { name: 'b', role: 'peer', run: () => 1, check: () => {}, set: '', ops: 0 },
        ],
      },
      'x',
    );
    expect(problems).toEqual([
      'name "other" must equal the file name "x"',
      'description must be a non-empty string',
      'params.full.ops must be a positive number of operations per run, got -1',
      'params.smoke must be an object',
      'case "a": role must be one of subject, peer, floor, got "boss"',
      'case "a": check(result, params) must be a function (every result is checked)',
      'case "a": duplicate case name',
      'case "b": set must be a non-empty string when given, got ""',
      'case "b": ops must be a positive number, or a function of the params, when given; got 0',
    ]);
  });

  it('the floor group loads and passes a smoke run', async () => {
    expect(listGroupNames(groupsDir)).toContain('floor');
    const group = await loadGroup(groupsDir, 'floor');
    const result = await runGroup(group, { mode: 'smoke', warmup: 1, samples: 2 });
    expect(result.failure).toBeUndefined();
    expect(result.rows.map((r) => r.role)).toEqual(['floor', 'floor', 'floor']);
  });

  it('floor helpers hop exactly n times and their checks catch a wrong count', async () => {
    expect(await awaitNullLoop(100)).toBe(100);
    expect(await queueMicrotaskChain(100)).toBe(100);
    expect(await setImmediateChain(10)).toBe(10);
    expect(await setImmediateChain(0)).toBe(0);
    const c = floorCase('queueMicrotask', (p: { steps: number }) => p.steps);
    expect(c.name).toBe('queueMicrotask chain');
    expect(() => c.check(99, { steps: 100 })).toThrow('expected 100 hops, counted 99');
  });
});

describe('docs/benchmarks.md sections', () => {
  const section = (name: string, body: string) => `<!-- bench:${name}:start -->\n${body}\n<!-- bench:${name}:end -->`;

  it('replaces a section between its markers and leaves the rest alone', () => {
    const doc = `# Benchmarks\n\nintro\n\n${section('a', 'old a')}\n\n${section('b', 'old b')}\n`;
    const next = replaceSection(doc, 'a', section('a', 'new a'));
    expect(next).toBe(`# Benchmarks\n\nintro\n\n${section('a', 'new a')}\n\n${section('b', 'old b')}\n`);
    expect(replaceSection(next, 'c', section('c', 'c'))).toBe(`${next.trimEnd()}\n\n${section('c', 'c')}\n`);
    expect(() => replaceSection('<!-- bench:a:start -->', 'a', 'x')).toThrow(/broken section/);
  });

  it('renders the command, the machine and a table with ratios', async () => {
    const clock = { t: 0 };
    const group = fakeTimedGroup({ s: { role: 'subject', ns: [100] }, p: { role: 'peer', ns: [250] } }, clock);
    const result = await runGroup(group, { mode: 'full', warmup: 0, samples: 3, now: () => clock.t });
    const md = renderSection(result, {
      command: 'pnpm bench fake --write',
      date: new Date('2025-01-02T03:04:05Z'),
      machine: { node: 'v20.20.2', v8: '11', platform: 'linux x64', cpu: 'CPU', cores: 2, loadavg: [1, 1, 1] },
      gc: true,
    });
    expect(md.startsWith('<!-- bench:fake:start -->\n### fake')).toBe(true);
    expect(md.endsWith('<!-- bench:fake:end -->')).toBe(true);
    expect(md).toContain('- command: `pnpm bench fake --write`');
    expect(md).toContain('2025-01-02 03:04:05 UTC · Node v20.20.2');
    expect(md).toContain('| case | role | median | p25–p75 | ±MAD | per op | ops/s | s vs row |');
    expect(md).toContain('| p | peer | 250 ns |');
    expect(md).toContain('2.50× faster');
    expect(md).toContain('- s is 2.50× faster than p');
  });
});

describe('command line', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function sandbox(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'sched-bench-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  async function cli(argv: string[], groupsDir: string, docPath = join(groupsDir, 'benchmarks.md')) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      groupsDir,
      docPath,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  }

  const good = `export const group = {
    name: 'good', description: 'counts to n',
    params: { full: { n: 50, ops: 50 }, smoke: { n: 5, ops: 5 } },
    cases: [
      { name: 'mine', role: 'subject', run: async (p) => { let i = 0; while (i < p.n) { await null; i++; } return i; },
        check: (r, p) => { if (r !== p.n) throw new Error('lost steps'); } },
      { name: 'theirs', role: 'peer', run: async (p) => p.n, check: (r, p) => { if (r !== p.n) throw new Error('lost'); } },
    ],
  };\n`;
  const bad = `export const group = {
    name: 'bad', description: 'drops one step',
    params: { full: { n: 50 }, smoke: { n: 5 } },
    cases: [{ name: 'dropper', role: 'subject', run: async (p) => p.n - 1,
      check: (r, p) => { if (r !== p.n) throw new Error('expected ' + p.n + ' steps, got ' + r); } }],
  };\n`;

  it('parses flags and rebuilds the command behind a row', () => {
    const o = parseCli(['floor', '--samples', '20', '--write']);
    expect(o).toMatchObject({ groups: ['floor'], samples: 20, write: true, smoke: false });
    expect(commandFor('floor', o)).toBe('pnpm bench floor --samples 20 --write');
    expect(() => parseCli(['--samples', '0'])).toThrow(BenchUsageError);
    expect(() => parseCli(['--smoke', '--write'])).toThrow(/cannot be combined/);
    expect(() => parseCli(['--bogus'])).toThrow(BenchUsageError);
  });

  it('unknown group: exit 2 and the list of groups', async () => {
    const dir = sandbox({ 'good.mjs': good });
    const r = await cli(['nope'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown group "nope". Available groups: good');
  });

  it('a failing check exits 1 and names the case; the other groups still run', async () => {
    const dir = sandbox({ 'good.mjs': good, 'bad.mjs': bad });
    const r = await cli(['--smoke', '--quiet'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('== good (smoke)');
    expect(r.stderr).toContain('1 of 2 group(s) FAILED');
    expect(r.stderr).toContain('bad: case "dropper", warm-up 1/1: check failed: expected 5 steps, got 4');
  });

  it('a group file breaking the contract fails with the list of problems', async () => {
    const dir = sandbox({
      'worse.mjs': `export const group = { name: 'worse', description: 'x', params: { full: {}, smoke: {} }, cases: [{ name: 'c', role: 'subject', run: () => 1 }] };\n`,
    });
    const r = await cli(['--smoke', '--quiet'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('case "c": check(result, params) must be a function');
  });

  it('--write replaces the group section in place and --json records the samples', async () => {
    const dir = sandbox({ 'good.mjs': good });
    const doc = join(dir, 'benchmarks.md');
    writeFileSync(doc, '# Benchmarks\n\nintro\n');
    const json = join(dir, 'out.json');
    expect((await cli(['good', '--samples', '3', '--warmup', '1', '--write', '--quiet'], dir, doc)).code).toBe(0);
    expect((await cli(['good', '--samples', '3', '--write', '--quiet', '--json', json], dir, doc)).code).toBe(0);
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('# Benchmarks\n\nintro\n\n<!-- bench:good:start -->')).toBe(true);
    expect(text.match(/bench:good:start/g)).toHaveLength(1);
    expect(text).toContain('- command: `pnpm bench good --samples 3 --write`');
    expect(text).toMatch(/- mine is [\d.]+× (faster|slower) than theirs/);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    expect(data.groups[0].rows[0].values).toHaveLength(3);
  });
});

describe('formatting', () => {
  it('chooses units and precision', () => {
    expect(formatDuration(61.23)).toBe('61.2 ns');
    expect(formatDuration(870)).toBe('870 ns');
    expect(formatDuration(1_234)).toBe('1.23 µs');
    expect(formatDuration(192_000_000)).toBe('192 ms');
    expect(formatDuration(3_420_000_000)).toBe('3.42 s');
    expect(formatRatio(3.1)).toBe('3.10×');
    expect(formatRatio(17.84)).toBe('17.8×');
  });
});
