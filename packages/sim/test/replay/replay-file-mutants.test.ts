import {
  ByteTapeSource,
  byteTapeOf,
  formatReplayFile,
  parseReplayFile,
  type ReplayFile,
  ReplayFileError,
  replayDecisions,
  runOne,
} from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

// Every way parseReplayFile rejects a file, each with its problem and its exact message (the
// message says what is wrong, so it is part of the contract), and the edges of what it accepts.

/** The error parseReplayFile throws for `input`, as `problem: message`, or 'parsed'. */
function rejection(input: string | Uint8Array, options = {}): string {
  try {
    parseReplayFile(input, options);
    return 'parsed';
  } catch (error) {
    if (!(error instanceof ReplayFileError)) throw error;
    return `${error.problem}: ${error.message}`;
  }
}

/** A header with the right length and FNV-1a hash for `body`, as formatReplayFile writes it. */
function wrapBytes(body: Uint8Array): Uint8Array {
  let h = 0x811c9dc5;
  for (const b of body) h = Math.imul(h ^ b, 0x01000193);
  const header = new TextEncoder().encode(
    `sched-replay v1 len=${body.length} fnv=${(h >>> 0).toString(16).padStart(8, '0')}\n`,
  );
  const out = new Uint8Array(header.length + body.length + 1);
  out.set(header);
  out.set(body, header.length);
  out[out.length - 1] = 0x0a;
  return out;
}
const wrap = (body: string): Uint8Array => wrapBytes(new TextEncoder().encode(body));
/** A valid body with `patch` merged over it. */
const body = (patch: Record<string, unknown>): Uint8Array =>
  wrap(
    JSON.stringify({
      scenario: 'a#b',
      packageVersion: '1',
      strategy: { name: 's', params: {} },
      decisions: { kind: 'schedule', schedule: [0, 1] },
      ...patch,
    }),
  );
const corrupt = (detail: string) => `corrupt: replay file is corrupt: ${detail}`;

const file: ReplayFile = {
  scenario: 'scenarios.js#x',
  packageVersion: '0.1.0',
  strategy: { name: 'seeded', params: { budget: 3 } },
  decisions: { kind: 'seed', seed: 7 },
};

describe('parseReplayFile: the header', () => {
  it('reads a file given as bytes the same as given as text', () => {
    const text = formatReplayFile(file);
    expect(parseReplayFile(new TextEncoder().encode(text))).toEqual(parseReplayFile(text));
  });

  it('calls text without a newline truncated only when it could be the start of a header', () => {
    expect(rejection('sched-rep')).toBe(
      'truncated: replay file is truncated: the file ends inside its header (9 bytes)',
    );
    expect(rejection('sched-replay v1 len=3 fnv=0000')).toMatch(/^truncated: .*\(30 bytes\)$/);
    expect(rejection('')).toBe('truncated: replay file is truncated: the file ends inside its header (0 bytes)');
    // Not a replay file at all: corrupt, with or without a newline, even a one-byte one.
    const notAHeader = corrupt('the first line is not a "sched-replay v<version> len=<n> fnv=<hash>" header');
    for (const input of [
      'x',
      'hello',
      '\nsched-replay v1',
      '\n',
      'sched-replay\n{}',
      'Sched-replay v1 len=1 fnv=00000000\n{',
    ]) {
      expect(rejection(input), JSON.stringify(input)).toBe(notAHeader);
    }
  });

  it('names the format version it read', () => {
    const text = formatReplayFile(file).replace('sched-replay v1 ', 'sched-replay v12 ');
    expect(rejection(text)).toBe(
      'format-version: replay file has another format-version: format v12; this @sched/sim reads v1 only',
    );
  });

  it('says how much of the body is there, or how much too much', () => {
    const text = formatReplayFile(file);
    const length = Number(/len=(\d+)/.exec(text)?.[1]);
    expect(rejection(text.slice(0, -5))).toBe(
      `truncated: replay file is truncated: the body has ${length - 4} of its ${length} bytes`,
    );
    expect(rejection(`${text}xy\n`)).toBe(corrupt(`the body has ${length + 3} bytes, not ${length}`));
  });

  it('accepts the file without its final newline, and no other byte missing', () => {
    const text = formatReplayFile(file);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseReplayFile(text.slice(0, -1))).toEqual(file);
    expect(rejection(text.slice(0, -2))).toMatch(/^truncated: /);
  });

  it('rejects a body that is not UTF-8, even with the right length and hash', () => {
    const good = new TextEncoder().encode(
      '{"scenario":"a#b","packageVersion":"1","strategy":{"name":"s","params":{}},"decisions":{"kind":"seed","seed":1}}',
    );
    const bad = Uint8Array.from([...good]);
    bad[13] = 0xff; // inside the scenario string
    expect(rejection(wrapBytes(good))).toBe('parsed');
    expect(rejection(wrapBytes(bad))).toMatch(/^corrupt: replay file is corrupt: the body is not JSON \(TypeError: /);
    expect(rejection(wrap('{"a":'))).toMatch(/^corrupt: replay file is corrupt: the body is not JSON \(SyntaxError: /);
  });

  it('names both package versions when they differ', () => {
    expect(rejection(formatReplayFile(file), { packageVersion: '0.2.0' })).toBe(
      'package-version: replay file has another package-version: written by @sched/sim 0.1.0, read by 0.2.0',
    );
  });
});

describe('parseReplayFile: the body', () => {
  it('needs an object', () => {
    for (const json of ['[]', 'null', '3', '"x"']) {
      expect(rejection(wrap(json)), json).toBe(corrupt('the body is not an object'));
    }
  });

  it('checks scenario, packageVersion and failure', () => {
    const scenario = corrupt('"scenario" is not a non-empty string');
    expect(rejection(body({ scenario: '' }))).toBe(scenario);
    expect(rejection(body({ scenario: 3 }))).toBe(scenario);
    expect(rejection(body({ scenario: undefined }))).toBe(scenario);
    expect(rejection(body({ packageVersion: 1 }))).toBe(corrupt('"packageVersion" is not a string'));
    expect(rejection(body({ packageVersion: '' }))).toBe('parsed');
    expect(rejection(body({ failure: 3 }))).toBe(corrupt('"failure" is not a string'));
    expect(rejection(body({ failure: '' }))).toBe('parsed');
  });

  it('checks the strategy: a name and a record of string, number or boolean parameters', () => {
    const shape = corrupt('"strategy" is not { name, params }');
    for (const strategy of [
      null,
      [],
      'pct',
      { params: {} },
      { name: 1, params: {} },
      { name: 'x' },
      { name: 'x', params: [] },
      { name: 'x', params: null },
    ]) {
      expect(rejection(body({ strategy })), JSON.stringify(strategy)).toBe(shape);
    }
    expect(rejection(body({ strategy: { name: 'x', params: { depth: null } } }))).toBe(
      corrupt('strategy parameter "depth" is not a string, number or boolean'),
    );
    const parsed = parseReplayFile(body({ strategy: { name: '', params: { a: 'x', b: 2, c: false } } }));
    expect(parsed.strategy).toEqual({ name: '', params: { a: 'x', b: 2, c: false } });
  });

  it('checks the decisions: an object of a known kind', () => {
    for (const decisions of [null, [], 'seed', 1]) {
      expect(rejection(body({ decisions })), JSON.stringify(decisions)).toBe(corrupt('"decisions" is not an object'));
    }
    for (const decisions of [{}, { kind: 'seeds', seed: 1 }, { kind: 'Tape', tape: '' }]) {
      expect(rejection(body({ decisions })), JSON.stringify(decisions)).toBe(
        corrupt('"decisions.kind" is not "schedule", "tape" or "seed"'),
      );
    }
  });

  it('accepts schedule choices from 0 to 2^32 - 1, integers only', () => {
    const bad = corrupt('"decisions.schedule" is not a list of non-negative integers');
    const schedule = (s: unknown) => rejection(body({ decisions: { kind: 'schedule', schedule: s } }));
    expect(schedule([0, 0xffff_ffff])).toBe('parsed');
    expect(schedule([])).toBe('parsed');
    for (const s of [[0x1_0000_0000], [-1], [1.5], ['1'], '0.1', { 0: 1 }]) {
      expect(schedule(s), JSON.stringify(s)).toBe(bad);
    }
  });

  it('accepts a tape of lower-case hex byte pairs only', () => {
    const bad = corrupt('"decisions.tape" is not hex bytes');
    const tape = (t: unknown) => rejection(body({ decisions: { kind: 'tape', tape: t } }));
    expect(tape('')).toBe('parsed');
    expect(tape('00ff7a')).toBe('parsed');
    for (const t of ['0', 'FF', '0g', 'abc', 12, null]) expect(tape(t), JSON.stringify(t)).toBe(bad);
    const parsed = parseReplayFile(body({ decisions: { kind: 'tape', tape: '00ff7a' } }));
    expect(parsed.decisions).toEqual({ kind: 'tape', tape: Uint8Array.from([0, 255, 0x7a]) });
  });

  it('accepts a seed from 0 to 2^32 - 1, an integer', () => {
    const bad = corrupt('"decisions.seed" is not a 32-bit unsigned integer');
    const seed = (s: unknown) => rejection(body({ decisions: { kind: 'seed', seed: s } }));
    expect(seed(0)).toBe('parsed');
    expect(seed(0xffff_ffff)).toBe('parsed');
    for (const s of [-1, 0x1_0000_0000, 2.5, '1', null]) expect(seed(s), JSON.stringify(s)).toBe(bad);
  });

  it('leaves out a failure the file does not have (no key at all)', () => {
    const parsed = parseReplayFile(formatReplayFile(file));
    expect('failure' in parsed).toBe(false);
    expect(Object.keys(parsed)).toEqual(['scenario', 'packageVersion', 'strategy', 'decisions']);
    const withFailure = parseReplayFile(formatReplayFile({ ...file, failure: 'Error: x' }));
    expect(Object.keys(withFailure)).toEqual(['scenario', 'packageVersion', 'strategy', 'decisions', 'failure']);
  });
});

describe('byteTapeOf', () => {
  it('writes a tape or a schedule run as a byte tape of the same run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 12 }),
        fc.array(fc.nat({ max: 3 }), { maxLength: 6 }),
        async (tape, schedule) => {
          for (const decisions of [
            { kind: 'tape' as const, tape },
            { kind: 'schedule' as const, schedule },
          ]) {
            const original = await replayDecisions(lostUpdate, decisions);
            const bytes = await byteTapeOf(lostUpdate, decisions);
            const again = await runOne(lostUpdate, { source: new ByteTapeSource(bytes) });
            expect(again.simulator.trace.hash).toBe(original.simulator.trace.hash);
            expect(again.simulator.schedule).toEqual(original.simulator.schedule);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
