import { InvalidArgumentError } from '@sched/core';
import { formatSchedule, parseSchedule, runOne, TapeSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('TapeSource', () => {
  it('replays its tape, each choice reduced modulo the number of candidates', () => {
    const tape = new TapeSource([5, 7, 2, 9]);

    const choices = [tape.choose(3), tape.choose(4), tape.choose(2), tape.choose(10)];

    expect(choices).toEqual([2, 3, 0, 9]);
    expect(tape.position).toBe(4);
  });

  it('returns 0 (FIFO) once the tape is exhausted, and keeps counting the position', () => {
    const tape = new TapeSource([1]);

    const choices = [tape.choose(2), tape.choose(2), tape.choose(5), tape.choose(7)];

    expect(choices).toEqual([1, 0, 0, 0]);
    expect(tape.position).toBe(4);
  });

  it('an empty tape always picks the first candidate', () => {
    const tape = new TapeSource([]);

    expect([tape.choose(2), tape.choose(9)]).toEqual([0, 0]);
  });

  it('is a pure function of the tape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1000 })),
        fc.array(fc.integer({ min: 2, max: 20 }), { minLength: 1, maxLength: 40 }),
        (tape, ns) => {
          const a = new TapeSource(tape);
          const b = new TapeSource(tape);
          const first = ns.map((n) => a.choose(n));
          const second = ns.map((n) => b.choose(n));
          expect(first).toEqual(second);
          ns.forEach((n, i) => {
            expect(first[i]).toBe(i < tape.length ? (tape[i] as number) % n : 0);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('describes itself with the formatted schedule', () => {
    expect(new TapeSource([0, 2, 1]).description).toBe('schedule 0.2.1');
    expect(new TapeSource([]).description).toBe('schedule -');
  });

  it.each([[[-1]], [[1.5]], [[0, Number.NaN]], [[Number.POSITIVE_INFINITY]]])(
    'rejects the tape %j with an InvalidArgumentError',
    (tape) => {
      expect(() => new TapeSource(tape)).toThrow(InvalidArgumentError);
    },
  );

  it.each([
    ['Invalid schedule[0]: -1; expected a non-negative integer', [-1], 0, -1],
    ['Invalid schedule[2]: 1.5; expected a non-negative integer', [0, 2, 1.5], 2, 1.5],
    ['Invalid schedule[1]: NaN; expected a non-negative integer', [3, Number.NaN], 1, Number.NaN],
    ['Invalid schedule[1]: "1"; expected a non-negative integer', [0, '1'], 1, '1'],
  ])('names the bad entry and its index: %s', (message, tape, index, value) => {
    let error: unknown;
    try {
      new TapeSource(tape as number[]);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toContain(message);
    expect((error as InvalidArgumentError).message).not.toContain('[object Array]');
    expect((error as InvalidArgumentError).argument).toBe(`schedule[${index}]`);
    expect((error as InvalidArgumentError).value).toBe(value);
  });

  it('rejects a schedule that is not an array, pointing at parseSchedule', () => {
    expect(() => new TapeSource('0.2.1' as unknown as number[])).toThrow(
      /Invalid schedule: "0\.2\.1"; expected an array of non-negative integers \(parseSchedule/,
    );
  });

  it('runOne({ schedule: [-1] }) fails with a message naming the bad entry', async () => {
    await expect(runOne(() => undefined, { schedule: [-1] })).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidArgumentError',
        message: expect.stringMatching(/^Invalid schedule\[0\]: -1; expected a non-negative integer/),
      }),
    );
  });
});

describe('formatSchedule / parseSchedule', () => {
  it('formats as dot-separated numbers, and `-` for the empty schedule', () => {
    expect(formatSchedule([0, 2, 1])).toBe('0.2.1');
    expect(formatSchedule([])).toBe('-');
  });

  it('parses what it formats (round trip)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 50 }), (schedule) => {
        expect(parseSchedule(formatSchedule(schedule))).toEqual(schedule);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores surrounding whitespace and accepts the empty string', () => {
    expect(parseSchedule(' 3.1 \n')).toEqual([3, 1]);
    expect(parseSchedule('')).toEqual([]);
    expect(parseSchedule('-')).toEqual([]);
  });

  it.each(['1..2', '.1', '1.', 'a', '1,2', '1.-2', '1.2x', '1 2', '--', '0x10'])(
    'rejects %j with an InvalidArgumentError naming the schedule',
    (text) => {
      let error: unknown;
      try {
        parseSchedule(text);
      } catch (e) {
        error = e;
      }

      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('schedule');
      expect((error as InvalidArgumentError).value).toBe(text);
    },
  );

  it.each([
    ['1.-2', 1, '"-2"'],
    ['0.1..2', 2, '""'],
    ['x', 0, '"x"'],
    ['4.2.1x', 2, '"1x"'],
  ])('says which entry of %j is bad', (text, index, part) => {
    expect(() => parseSchedule(text)).toThrow(`(entry ${index} is ${part})`);
  });
});
