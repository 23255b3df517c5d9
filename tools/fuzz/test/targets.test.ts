import { encodeByteTape, formatReplayFile, parseReplayFile } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLANTED_ORDER, fuzz as plantedBugFuzz } from '../targets/planted-bug.mjs';
import { fuzz as parserFuzz } from '../targets/replay-file-parser.mjs';

describe('libFuzzer-style targets', () => {
  it('planted-bug: fuzz(data) passes on the default order and throws the planted bug on its tape', async () => {
    await expect(plantedBugFuzz(new Uint8Array(5))).resolves.toBeUndefined();
    // Random tapes reach the planted order too (fast-check then shrinks the tape).
    const details = await fc.check(
      fc.asyncProperty(fc.uint8Array({ minLength: 5, maxLength: 16 }), async (tape) => {
        await plantedBugFuzz(tape);
      }),
      { numRuns: 20_000, seed: 7 },
    );
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toContain(
      `planted bug: the hand-off slot was corrupted by the order ${[...PLANTED_ORDER].join(' ')}`,
    );
  });

  it('replay-file parser: fuzz(data) never throws, on valid, damaged and random bytes', () => {
    const valid = new TextEncoder().encode(
      formatReplayFile({
        scenario: 'm.js#s',
        packageVersion: '1',
        strategy: { name: 'afl++', params: {} },
        decisions: { kind: 'tape', tape: encodeByteTape([1, 2], [3, 3]) },
      }),
    );
    expect(parseReplayFile(valid).decisions.kind).toBe('tape');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.nat({ max: 255 }), (random, at, value) => {
        parserFuzz(random);
        const damaged = valid.slice();
        damaged[at % damaged.length] = value;
        parserFuzz(damaged);
        parserFuzz(valid.subarray(0, at % valid.length));
      }),
      { numRuns: 3000 },
    );
  });
});
