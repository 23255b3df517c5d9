import { InvalidArgumentError } from '@sched/core';
import { findFailure, runOne, type SimFn, type Simulator, shrinkSchedule } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorKind } from '../../src/run/shrink.js';
import { LostUpdate, racyCounter } from '../support/scenarios.js';

const nonZero = (schedule: readonly number[]): number => schedule.filter((c) => c !== 0).length;

/** The planted bug of the generated scenarios. */
class OrderBug extends Error {
  constructor(log: readonly string[]) {
    super(`bad order: ${log.join(' ')}`);
    this.name = 'OrderBug';
  }
}

/** A different bug, planted next to it: shrinking must not trade one for the other. */
class OtherBug extends Error {}

/** One step of a generated task: a yield, or a sleep of 0..2 ms (timer ties are decisions too). */
type Step = { readonly kind: 'yield' } | { readonly kind: 'sleep'; readonly ms: number };
/** "Segment `a` of some task runs before segment `b` of another", as `task.segment` names. */
type Before = readonly [string, string];

interface Program {
  readonly tasks: readonly (readonly Step[])[];
  /** OrderBug is thrown when every one of these holds. */
  readonly bug: readonly Before[];
  /** OtherBug is thrown (first) when this holds. */
  readonly other: Before | undefined;
}

/** Runs a program: each task logs `task.segment` at the start of every segment. */
function programFn(program: Program): SimFn<string[]> {
  return async (sim: Simulator) => {
    const log: string[] = [];
    const tasks = program.tasks.map((steps, t) =>
      sim.spawn(async (ctx) => {
        log.push(`${t}.0`);
        for (const [j, step] of steps.entries()) {
          if (step.kind === 'yield') await ctx.yieldNow();
          else await ctx.sleep(step.ms);
          log.push(`${t}.${j + 1}`);
        }
      }),
    );
    await sim.runUntilIdle();
    for (const task of tasks) await task;
    const holds = ([a, b]: Before): boolean => log.indexOf(a) < log.indexOf(b);
    if (program.other !== undefined && holds(program.other)) throw new OtherBug(log.join(' '));
    if (program.bug.every(holds)) throw new OrderBug(log);
    return log;
  };
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'yield' }),
  fc.integer({ min: 0, max: 2 }).map((ms): Step => ({ kind: 'sleep', ms })),
);

/** A pair of segments of two different tasks of `tasks`. */
const beforeArb = (tasks: readonly (readonly Step[])[]): fc.Arbitrary<Before> =>
  fc
    .tuple(fc.nat({ max: tasks.length - 1 }), fc.nat({ max: tasks.length - 2 }), fc.nat(), fc.nat())
    .map(([a, offset, i, j]): Before => {
      const b = (a + 1 + offset) % tasks.length;
      return [`${a}.${i % ((tasks[a]?.length ?? 0) + 1)}`, `${b}.${j % ((tasks[b]?.length ?? 0) + 1)}`];
    });

const programArb: fc.Arbitrary<Program> = fc
  .array(fc.array(stepArb, { maxLength: 3 }), { minLength: 2, maxLength: 4 })
  .chain((tasks) =>
    fc.record({
      tasks: fc.constant(tasks),
      bug: fc.array(beforeArb(tasks), { minLength: 1, maxLength: 3 }),
      other: fc.option(beforeArb(tasks), { nil: undefined }),
    }),
  );

/** True when replaying `schedule` fails with an error of the kind `kind`. */
async function failsAs(fn: SimFn<unknown>, schedule: readonly number[], kind: string): Promise<boolean> {
  const outcome = await runOne(fn, { schedule });
  return !outcome.ok && errorKind(outcome.error) === kind;
}

/** The old shrinker (zero single choices only), kept to show what the regression was. */
async function zeroOnly(fn: SimFn<unknown>, schedule: readonly number[], kind: string): Promise<number[]> {
  let tape = schedule.slice();
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = tape.length - 1; i >= 0; i--) {
      if (tape[i] === 0) continue;
      const candidate = tape.slice();
      candidate[i] = 0;
      const outcome = await runOne(fn, { schedule: candidate });
      if (!outcome.ok && errorKind(outcome.error) === kind) {
        tape = outcome.simulator.schedule.slice();
        changed = true;
      }
    }
  }
  while (tape.at(-1) === 0) tape.pop();
  return tape;
}

describe('shrinkSchedule', () => {
  it('returns a schedule that still fails the same way, with no more non-default choices (several seeds)', async () => {
    let shrunkSomething = false;
    for (let from = 0, found = 0; found < 5; found++) {
      const failure = await findFailure(racyCounter, { from, count: 500 });
      expect(failure).toBeDefined();
      if (failure === undefined) return;
      const original = failure.outcome.simulator.schedule;

      const shrunk = await shrinkSchedule(racyCounter, original);

      expect(shrunk.outcome.ok).toBe(false);
      expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(LostUpdate);
      expect(nonZero(shrunk.schedule)).toBeLessThanOrEqual(nonZero(original));
      expect(shrunk.schedule.length).toBeLessThanOrEqual(original.length);
      expect(shrunk.schedule.at(-1)).not.toBe(0); // trailing defaults are trimmed
      expect(shrunk.runs).toBeGreaterThanOrEqual(1);
      const replay = await runOne(racyCounter, { schedule: shrunk.schedule });
      expect(replay.ok).toBe(false);
      expect(replay.ok ? undefined : replay.error).toBeInstanceOf(LostUpdate);
      if (nonZero(shrunk.schedule) < nonZero(original)) shrunkSomething = true;
      from = failure.seed + 1;
    }
    expect(shrunkSomething).toBe(true);
  });

  it('reduces the noise: the shrunk schedule of this race needs a single non-default decision', async () => {
    const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });
    const original = failure?.outcome.simulator.schedule ?? [];

    const shrunk = await shrinkSchedule((sim) => racyCounter(sim, 6), original);

    expect(nonZero(original)).toBeGreaterThan(1);
    expect(nonZero(shrunk.schedule)).toBe(1);
  });

  it('keeps only changes that fail with the same kind of error', async () => {
    // Any schedule whose first decision is the default fails with a TypeError instead.
    const body = async (sim: Parameters<typeof racyCounter>[0]): Promise<number> => {
      const result = await racyCounter(sim, 2).catch((e: unknown) => e);
      if (sim.schedule[0] === 0) throw new TypeError('a different bug');
      if (result instanceof Error) throw result;
      return result as number;
    };
    let original: readonly number[] | undefined;
    for (let seed = 0; original === undefined && seed < 500; seed++) {
      const outcome = await runOne(body, { seed });
      if (!outcome.ok && outcome.error instanceof LostUpdate) original = outcome.simulator.schedule;
    }
    expect(original?.[0]).not.toBe(0);

    const shrunk = await shrinkSchedule(body, original ?? []);

    expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(LostUpdate);
    expect(shrunk.schedule[0]).not.toBe(0);
  });

  it('respects the replay budget', async () => {
    const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });

    const shrunk = await shrinkSchedule((sim) => racyCounter(sim, 6), failure?.outcome.simulator.schedule ?? [], {}, 2);

    expect(shrunk.runs).toBeLessThanOrEqual(2);
    expect(shrunk.outcome.ok).toBe(false);
  });

  it('refuses a schedule that does not fail', async () => {
    await expect(shrinkSchedule(racyCounter, [])).rejects.toThrow('does not fail');
    await expect(shrinkSchedule(racyCounter, [0, 0, 0])).rejects.toThrow('does not fail');
  });

  it('refuses a budget that is not a positive integer', async () => {
    await expect(shrinkSchedule(racyCounter, [1], {}, 0)).rejects.toThrow(InvalidArgumentError);
    await expect(shrinkSchedule(racyCounter, [1], {}, 1.5)).rejects.toThrow(InvalidArgumentError);
  });

  it('reports minimal: false when the budget runs out first, minimal: true otherwise', async () => {
    const failure = await findFailure((sim) => racyCounter(sim, 6), { from: 0, count: 500 });
    const original = failure?.outcome.simulator.schedule ?? [];

    const cut = await shrinkSchedule((sim) => racyCounter(sim, 6), original, {}, 3);
    const full = await shrinkSchedule((sim) => racyCounter(sim, 6), original);

    expect(cut.runs).toBe(3);
    expect(cut.minimal).toBe(false);
    expect(cut.outcome.ok ? undefined : cut.outcome.error).toBeInstanceOf(LostUpdate);
    expect(full.minimal).toBe(true);
    expect(full.runs).toBeLessThan(1000);
  });

  it('the result is 1-minimal on generated scenarios: no single decision can be removed or lowered (property)', async () => {
    let shrunkSome = 0;
    await fc.assert(
      fc.asyncProperty(programArb, async (program) => {
        const fn = programFn(program);
        let original: readonly number[] | undefined;
        for (let seed = 0; seed < 100 && original === undefined; seed++) {
          const outcome = await runOne(fn, { seed });
          if (!outcome.ok && outcome.error instanceof OrderBug) original = outcome.simulator.schedule;
        }
        if (original === undefined) return; // the planted condition is impossible or too rare
        const kind = errorKind(new OrderBug([]));

        const shrunk = await shrinkSchedule(fn, original);

        const { schedule } = shrunk;
        expect(shrunk.minimal).toBe(true);
        expect(shrunk.outcome.ok ? undefined : shrunk.outcome.error).toBeInstanceOf(OrderBug);
        expect(schedule.at(-1)).not.toBe(0);
        expect(schedule.length).toBeLessThanOrEqual(original.length);
        expect(nonZero(schedule)).toBeLessThanOrEqual(nonZero(original));
        // Canonical: replaying it records exactly it (trailing zeros aside), and it fails the same way.
        const replay = await runOne(fn, { schedule });
        expect(replay.ok ? undefined : replay.error).toBeInstanceOf(OrderBug);
        expect(replay.simulator.schedule.slice(0, schedule.length)).toEqual(schedule);
        expect(replay.simulator.schedule.slice(schedule.length).every((c) => c === 0)).toBe(true);
        // 1-minimal, checked directly: every single removal and every single lowering passes or fails otherwise.
        for (let i = 0; i < schedule.length; i++) {
          const removed = [...schedule.slice(0, i), ...schedule.slice(i + 1)];
          expect(await failsAs(fn, removed, kind), `removing decision ${i} of ${schedule.join('.')}`).toBe(false);
          for (let lower = 0; lower < (schedule[i] as number); lower++) {
            const lowered = schedule.slice();
            lowered[i] = lower;
            expect(
              await failsAs(fn, lowered, kind),
              `lowering decision ${i} of ${schedule.join('.')} to ${lower}`,
            ).toBe(false);
          }
        }
        if (nonZero(schedule) < nonZero(original)) shrunkSome++;
      }),
      { numRuns: 100 },
    );
    expect(shrunkSome).toBeGreaterThan(0);
  });

  it('regression: a rare order bug that needs one deviation shrinks to exactly one non-zero decision', async () => {
    // Eight tasks of three segments each; the bug is "task 0 runs its last segment after every
    // other segment", which one well-placed decision causes. Zeroing choices alone (the old
    // shrinker) got stuck at up to 9 deviations on these seeds.
    const program: Program = {
      tasks: Array.from({ length: 8 }, () => [{ kind: 'yield' }, { kind: 'yield' }] as const),
      bug: Array.from({ length: 7 }, (_, t): Before => [`${t + 1}.2`, '0.2']),
      other: undefined,
    };
    const fn = programFn(program);
    const kind = errorKind(new OrderBug([]));
    expect(await failsAs(fn, [], kind)).toBe(false);
    const originals: (readonly number[])[] = [];
    for (let seed = 0; originals.length < 10; seed++) {
      const outcome = await runOne(fn, { seed });
      if (!outcome.ok) originals.push(outcome.simulator.schedule);
    }

    const stuck = await Promise.all(originals.map(async (original) => nonZero(await zeroOnly(fn, original, kind))));
    const shrunk = await Promise.all(originals.map((original) => shrinkSchedule(fn, original)));

    expect(Math.max(...stuck)).toBeGreaterThan(1);
    for (const result of shrunk) {
      expect(nonZero(result.schedule)).toBe(1);
      expect(result.minimal).toBe(true);
      expect(await failsAs(fn, result.schedule, kind)).toBe(true);
    }
  });

  it('compares errors by class, not message', () => {
    class Custom extends Error {}
    const renamed = Object.assign(new Error('x'), { name: 'Renamed' });

    expect(errorKind(new LostUpdate(1))).toBe(errorKind(new LostUpdate(0)));
    expect(errorKind(new Custom('a'))).toBe('Custom');
    expect(errorKind(new TypeError('a'))).not.toBe(errorKind(new Error('a')));
    expect(errorKind(renamed)).toBe('Error(Renamed)');
    expect(errorKind('a string')).toBe('string');
  });
});
