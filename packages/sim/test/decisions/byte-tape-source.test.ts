import { InvalidArgumentError } from '@sched/core';
import { BYTE_TAPE_HEADER, ByteTapeSource, encodeByteTape, SeededSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('ByteTapeSource', () => {
  it('reads the header: a little-endian seed, then flags', () => {
    const tape = new ByteTapeSource(Uint8Array.of(0x78, 0x56, 0x34, 0x12, 0b11));
    expect(tape.seed).toBe(0x12345678);
    expect(tape.flags).toBe(3);
    expect(tape.faults).toBe(true);
    expect(new ByteTapeSource(Uint8Array.of(1, 0, 0, 0, 2)).faults).toBe(false);
  });

  it('pads a short header with zeros', () => {
    const tape = new ByteTapeSource(Uint8Array.of(7));
    expect(tape.seed).toBe(7);
    expect(tape.flags).toBe(0);
  });

  it('maps one byte onto a choice among up to 256, modulo n', () => {
    const tape = new ByteTapeSource(Uint8Array.of(0, 0, 0, 0, 0, 5, 7, 255, 0));
    expect([tape.choose(3), tape.choose(3), tape.choose(256), tape.choose(2)]).toEqual([2, 1, 255, 0]);
    expect(tape.consumed).toBe(9);
    expect(tape.exhausted).toBe(false);
  });

  it('reads two bytes for n up to 65,536 and four above', () => {
    const tape = new ByteTapeSource(Uint8Array.of(0, 0, 0, 0, 0, 0x34, 0x12, 1, 0, 1, 0));
    expect(tape.choose(300)).toBe(0x1234 % 300);
    expect(tape.choose(70_000)).toBe(0x10001 % 70_000);
  });

  it('falls back to the header seed when the bytes run out', () => {
    const tape = new ByteTapeSource(Uint8Array.of(42, 0, 0, 0, 0, 1));
    const reference = new SeededSource(42);
    expect(tape.choose(4)).toBe(1);
    const rest = Array.from({ length: 20 }, () => tape.choose(5));
    expect(rest).toEqual(Array.from({ length: 20 }, () => reference.choose(5)));
    expect(tape.exhausted).toBe(true);
    expect(tape.decisions).toBe(21);
  });

  it('does not read a partial wide value: the fallback takes over', () => {
    const tape = new ByteTapeSource(Uint8Array.of(9, 0, 0, 0, 0, 0xff));
    expect(tape.choose(1000)).toBe(new SeededSource(9).choose(1000));
    expect(tape.consumed).toBe(6);
  });

  it('accepts any bytes: every choice is in range, and the same tape gives the same choices', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.integer({ min: 2, max: 100_000 }), { maxLength: 40 }),
        (bytes, ns) => {
          const a = new ByteTapeSource(bytes);
          const b = new ByteTapeSource(bytes.slice());
          for (const n of ns) {
            const x = a.choose(n);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(n);
            expect(b.choose(n)).toBe(x);
          }
        },
      ),
    );
  });

  it('replays exactly what encodeByteTape wrote', () => {
    const decision = fc
      .integer({ min: 2, max: 100_000 })
      .chain((n) => fc.tuple(fc.nat({ max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(
        fc.array(decision, { maxLength: 40 }),
        fc.nat({ max: 0xffff_ffff }),
        fc.nat({ max: 255 }),
        (pairs, seed, flags) => {
          const tape = encodeByteTape(
            pairs.map(([c]) => c),
            pairs.map(([, n]) => n),
            { seed, flags },
          );
          const source = new ByteTapeSource(tape);
          expect(source.seed).toBe(seed);
          expect(source.flags).toBe(flags);
          expect(pairs.map(([, n]) => source.choose(n))).toEqual(pairs.map(([c]) => c));
          expect(source.exhausted).toBe(false);
          expect(source.consumed).toBe(tape.length);
        },
      ),
    );
  });

  it('gives typed errors for bad input', () => {
    expect(() => new ByteTapeSource([1, 2] as unknown as Uint8Array)).toThrow(InvalidArgumentError);
    expect(() => encodeByteTape([3], [3])).toThrow(InvalidArgumentError);
    expect(() => encodeByteTape([0], [])).toThrow(InvalidArgumentError);
    expect(BYTE_TAPE_HEADER).toBe(5);
  });
});
