import { formatReplayFile, parseReplayFile, type ReplayFile, ReplayFileError } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const file: ReplayFile = {
  scenario: './scenarios.js#lostUpdate',
  packageVersion: '1.2.3',
  strategy: { name: 'seeded', params: { budget: 100, shard: '1/2', shrink: true } },
  decisions: { kind: 'schedule', schedule: [0, 2, 1] },
  failure: 'Error: lost update',
};

const problemOf = (input: string | Uint8Array, options = {}): string => {
  try {
    parseReplayFile(input, options);
    return 'parsed';
  } catch (error) {
    if (!(error instanceof ReplayFileError)) throw error;
    return error.problem;
  }
};

const decisionsArb = fc.oneof(
  fc.record({ kind: fc.constant('schedule' as const), schedule: fc.array(fc.nat({ max: 0xffff_ffff })) }),
  fc.record({ kind: fc.constant('tape' as const), tape: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('seed' as const), seed: fc.nat({ max: 0xffff_ffff }) }),
);
const fileArb: fc.Arbitrary<ReplayFile> = fc.record(
  {
    scenario: fc.string({ minLength: 1 }),
    packageVersion: fc.string(),
    strategy: fc.record({
      name: fc.string(),
      params: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
    }),
    decisions: decisionsArb,
    failure: fc.string(),
  },
  { requiredKeys: ['scenario', 'packageVersion', 'strategy', 'decisions'] },
);

describe('replay files', () => {
  it('round-trips a schedule, a byte tape and a seed', () => {
    expect(parseReplayFile(formatReplayFile(file))).toEqual(file);
    const tape = { ...file, decisions: { kind: 'tape' as const, tape: Uint8Array.from([0, 255, 7]) } };
    expect(parseReplayFile(formatReplayFile(tape))).toEqual(tape);
    const seed = { ...file, failure: undefined, decisions: { kind: 'seed' as const, seed: 42 } };
    const { failure: _, ...withoutFailure } = seed;
    expect(parseReplayFile(formatReplayFile(seed))).toEqual(withoutFailure);
  });

  it('starts with a header naming the format version, the body length and its hash', () => {
    expect(formatReplayFile(file).split('\n')[0]).toMatch(/^sched-replay v1 len=\d+ fnv=[0-9a-f]{8}$/);
  });

  it('names a truncated file truncated, wherever it is cut', () => {
    const text = formatReplayFile(file);
    for (const cut of [0, 5, 20, text.indexOf('\n') + 1, text.length - 10, text.length - 2]) {
      expect(problemOf(text.slice(0, cut)), `cut at ${cut}`).toBe('truncated');
    }
  });

  it('names a damaged body corrupt (its hash no longer matches)', () => {
    const text = formatReplayFile(file);
    expect(problemOf(text.replace('"0', '"1').replace('lost', 'lust'))).toBe('corrupt');
    expect(problemOf('hello world\n{}')).toBe('corrupt');
    const err = (() => {
      try {
        parseReplayFile(text.replace('lost', 'lust'));
      } catch (error) {
        return error;
      }
    })();
    expect(err).toBeInstanceOf(ReplayFileError);
    expect((err as ReplayFileError).code).toBe('ERR_SIM_REPLAY_FILE');
    expect((err as Error).message).toMatch(/^replay file is corrupt: the body's hash is [0-9a-f]{8}, not [0-9a-f]{8}$/);
  });

  it('rejects another format version and, when asked, another package version', () => {
    const text = formatReplayFile(file);
    expect(problemOf(text.replace('sched-replay v1', 'sched-replay v2'))).toBe('format-version');
    expect(problemOf(text, { packageVersion: '1.2.3' })).toBe('parsed');
    expect(problemOf(text, { packageVersion: '2.0.0' })).toBe('package-version');
  });

  it('rejects a well-formed body with the wrong shape as corrupt', () => {
    const wrap = (body: string): string => {
      const bytes = new TextEncoder().encode(body);
      let h = 0x811c9dc5;
      for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
      return `sched-replay v1 len=${bytes.length} fnv=${(h >>> 0).toString(16).padStart(8, '0')}\n${body}\n`;
    };
    expect(
      problemOf(
        wrap(
          '{"scenario":"a#b","packageVersion":"1","strategy":{"name":"s","params":{}},"decisions":{"kind":"schedule","schedule":[0,1]}}',
        ),
      ),
    ).toBe('parsed');
    expect(problemOf(wrap('[]'))).toBe('corrupt');
    expect(
      problemOf(
        wrap(
          '{"scenario":"a#b","packageVersion":"1","strategy":{"name":"s","params":{}},"decisions":{"kind":"schedule","schedule":[-1]}}',
        ),
      ),
    ).toBe('corrupt');
    expect(
      problemOf(
        wrap(
          '{"scenario":"a#b","packageVersion":"1","strategy":{"name":"s","params":{}},"decisions":{"kind":"tape","tape":"abc"}}',
        ),
      ),
    ).toBe('corrupt');
    expect(
      problemOf(
        wrap(
          '{"scenario":"a#b","packageVersion":"1","strategy":{"name":"s","params":{"x":{}}},"decisions":{"kind":"seed","seed":1}}',
        ),
      ),
    ).toBe('corrupt');
  });

  it('round-trips every file (property)', () => {
    fc.assert(
      fc.property(fileArb, (f) => {
        expect(parseReplayFile(formatReplayFile(f))).toEqual(f);
      }),
    );
  });

  it('keeps a strategy parameter named __proto__ (found by the round-trip property)', () => {
    const params = JSON.parse('{"__proto__": 0, "depth": 2}') as Record<string, number>;
    const file = {
      scenario: 's',
      packageVersion: '1.0.0',
      strategy: { name: 'pct', params },
      decisions: { kind: 'tape' as const, tape: new Uint8Array() },
    };
    const parsed = parseReplayFile(formatReplayFile(file));
    expect(Object.keys(parsed.strategy.params)).toEqual(['__proto__', 'depth']);
    expect(parsed).toEqual(file);
  });

  it('never throws anything but ReplayFileError, on any bytes (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary' })), (input) => {
        problemOf(input);
      }),
      { numRuns: 2000 },
    );
  });

  it('detects every single-byte change of a valid file or parses it unchanged (property)', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (f, at, xor) => {
        const bytes = new TextEncoder().encode(formatReplayFile(f));
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ xor;
        const problem = problemOf(bytes);
        // The last byte is the optional trailing newline; a change in the header's hash digits
        // or length digits is always caught; in the body the hash changes.
        if (problem === 'parsed') expect(parseReplayFile(bytes)).toEqual(f);
      }),
    );
  });
});
