// Bounds of the generated tapes, written against the mutants that survived the first mutation run
// of src/fast-check (docs/mutation.md). Sampled with a fixed fast-check seed: deterministic.
import { byteTapeArbitrary, TAPE_HEADER_BYTES, tapeArbitrary } from '@sched/sim/fast-check';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// baseSize 'large' lets fast-check draw up to 1,000 items when no maxLength is set, so the default
// maxLength of 64 is visible (under its default size 'small', lists stop at 10 either way).
const sample = <T>(arb: fc.Arbitrary<T>): T[] => fc.sample(arb, { seed: 42, numRuns: 300 });

const saved = fc.readConfigureGlobal();
beforeAll(() => fc.configureGlobal({ ...saved, baseSize: 'large' }));
afterAll(() => fc.configureGlobal(saved));

describe('byteTapeArbitrary: bounds', () => {
  it('keeps every decision byte within maxChoice and the tape within maxLength', () => {
    const tapes = sample(byteTapeArbitrary({ maxChoice: 3, maxLength: 4, flags: 0x1ff }));
    for (const tape of tapes) {
      expect([...tape.subarray(0, TAPE_HEADER_BYTES)]).toEqual([0, 0, 0, 0, 0xff]);
      expect(tape.length - TAPE_HEADER_BYTES).toBeLessThanOrEqual(4);
      for (const byte of tape.subarray(TAPE_HEADER_BYTES)) expect(byte).toBeLessThanOrEqual(3);
    }
    const decisions = tapes.flatMap((tape) => [...tape.subarray(TAPE_HEADER_BYTES)]);
    expect(new Set(decisions)).toEqual(new Set([0, 1, 2, 3]));
    expect(Math.max(...tapes.map((t) => t.length))).toBe(TAPE_HEADER_BYTES + 4);
  });

  it('defaults to up to 64 decisions of 0..255 (not the 1,000 of fast-check’s size ‘large’)', () => {
    const tapes = sample(byteTapeArbitrary());
    const lengths = tapes.map((t) => t.length - TAPE_HEADER_BYTES);
    expect(Math.max(...lengths)).toBeGreaterThan(10);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(64);
    for (const tape of tapes) expect(tape[4]).toBe(0);
    expect(Math.max(...tapes.flatMap((t) => [...t.subarray(TAPE_HEADER_BYTES)]))).toBeGreaterThan(200);
  });

  it('caps maxChoice at 255: a larger maxChoice does not wrap bytes around', () => {
    const tapes = sample(byteTapeArbitrary({ maxChoice: 1000, maxLength: 64 }));
    const decisions = tapes.flatMap((tape) => [...tape.subarray(TAPE_HEADER_BYTES)]);
    expect(Math.max(...decisions)).toBe(255);
  });
});

describe('tapeArbitrary: bounds', () => {
  it('keeps choices within maxChoice (default 7) and lists within maxLength (default 64)', () => {
    const small = sample(tapeArbitrary({ maxChoice: 2, maxLength: 3 }));
    expect(Math.max(...small.map((t) => t.length))).toBe(3);
    expect(new Set(small.flat())).toEqual(new Set([0, 1, 2]));
    const defaults = sample(tapeArbitrary());
    expect(Math.max(...defaults.flat())).toBe(7);
    expect(Math.max(...defaults.map((t) => t.length))).toBeGreaterThan(10);
    expect(Math.max(...defaults.map((t) => t.length))).toBeLessThanOrEqual(64);
  });
});
