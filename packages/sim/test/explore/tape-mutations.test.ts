import { BYTE_TAPE_HEADER, mutateTape, runTape, SeededSource, TAPE_MUTATIONS } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handoffOrder } from '../fixtures/planted/index.mjs';

const tapes = fc.uint8Array({ maxLength: 48 });
const mutations = fc.constantFrom(...TAPE_MUTATIONS);
const sorted = (bytes: Uint8Array) => [...bytes].sort((a, b) => a - b);

describe('mutateTape', () => {
  it('always returns a new tape at least a header long, leaving its input alone', () => {
    fc.assert(
      fc.property(tapes, tapes, mutations, fc.nat(), (tape, other, mutation, seed) => {
        const before = tape.slice();
        const out = mutateTape(tape, mutation, new SeededSource(seed), other);
        expect(out).toBeInstanceOf(Uint8Array);
        expect(out).not.toBe(tape);
        expect(out.length).toBeGreaterThanOrEqual(BYTE_TAPE_HEADER);
        expect(tape).toEqual(before);
      }),
    );
  });

  it('keeps the header (seed and flags) except when reseeding', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: BYTE_TAPE_HEADER, maxLength: 48 }),
        mutations,
        fc.nat(),
        (tape, m, seed) => {
          fc.pre(m !== 'reseed' && m !== 'bit-flip' && m !== 'byte-set');
          const out = mutateTape(tape, m, new SeededSource(seed));
          expect([...out.subarray(0, BYTE_TAPE_HEADER)]).toEqual([...tape.subarray(0, BYTE_TAPE_HEADER)]);
        },
      ),
    );
  });

  it('schedule-aware mutations move, add or drop exactly one decision', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: BYTE_TAPE_HEADER + 2, maxLength: 48 }), fc.nat(), (tape, seed) => {
        const swapped = mutateTape(tape, 'swap-adjacent', new SeededSource(seed));
        expect(swapped.length).toBe(tape.length);
        expect(sorted(swapped)).toEqual(sorted(tape));
        const differing = [...swapped].flatMap((byte, i) => (byte === tape[i] ? [] : [i]));
        expect(
          differing.length === 0 || (differing.length === 2 && differing[1] === (differing[0] as number) + 1),
        ).toBe(true);
        expect(mutateTape(tape, 'insert-decision', new SeededSource(seed)).length).toBe(tape.length + 1);
        expect(mutateTape(tape, 'delete-decision', new SeededSource(seed)).length).toBe(tape.length - 1);
      }),
    );
  });

  it('gives tapes that still run to a verdict, the same one every time', async () => {
    await fc.assert(
      fc.asyncProperty(tapes, mutations, fc.nat(), async (tape, mutation, seed) => {
        const mutant = mutateTape(tape, mutation, new SeededSource(seed));
        const first = await runTape(handoffOrder.buggy, mutant);
        const second = await runTape(handoffOrder.buggy, mutant);
        expect(second.outcome.ok).toBe(first.outcome.ok);
        expect(second.schedule).toEqual(first.schedule);
        expect(second.coverage).toEqual(first.coverage);
        expect(first.coverage.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
