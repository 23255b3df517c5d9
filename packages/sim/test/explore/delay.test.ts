import type { Candidates } from '@sched/sim';
import { DelaySource, DelayStrategy, ExhaustiveStrategy, SeededSource } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Runs a source over decisions with `counts[i]` choices each, none a choice among Runnables. */
function run(source: { choose(n: number, candidates?: Candidates): number }, counts: readonly number[]): number[] {
  return counts.map((n) => source.choose(n));
}

/** Candidates naming `tasks` (only `.task` is read by the sources). */
function candidates(tasks: readonly object[]): Candidates {
  return { at: (i) => ({ task: tasks[i] }) as never };
}

describe('DelaySource', () => {
  it('deviates at exactly min(d, k) distinct decisions, each to another valid choice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        (counts, delays, seed) => {
          const source = new DelaySource(new SeededSource(seed), delays, counts.length);
          const choices = run(source, counts);
          const deviations = choices.filter((c) => c !== 0).length;
          expect(deviations).toBe(Math.min(delays, counts.length));
          expect(source.delayAt).toEqual([...new Set(source.delayAt)].sort((a, b) => a - b));
          choices.forEach((c, i) => {
            expect(c).toBeLessThan(counts[i] as number);
          });
        },
      ),
    );
  });

  it('reaches every schedule with d deviations out of k at its expected frequency, 1 / (C(k, d) · Π(n − 1))', () => {
    // k = 4 decisions of 3 choices, d = 2: C(4, 2) · 2 · 2 = 24 schedules, each 1/24.
    const counts = [3, 3, 3, 3];
    const runs = 24_000;
    const seen = new Map<string, number>();
    for (let seed = 0; seed < runs; seed++) {
      const key = run(new DelaySource(new SeededSource(seed), 2, 4), counts).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(24);
    const expected = runs / 24;
    const sigma = Math.sqrt(expected * (1 - 1 / 24));
    for (const [key, count] of seen) {
      expect(key.replace(/0/g, '')).toHaveLength(2);
      expect(Math.abs(count - expected)).toBeLessThan(5 * sigma);
    }
  });

  it('without delays runs the last task again while it is ready (non-preemptive), else the oldest', () => {
    const [a, b, c] = [{}, {}, {}];
    const source = new DelaySource(new SeededSource(1), 0, 8);
    expect(source.choose(3, candidates([a, b, c]))).toBe(0); // a, the oldest
    expect(source.choose(3, candidates([b, c, a]))).toBe(2); // a again
    expect(source.choose(2, candidates([b, c]))).toBe(0); // a is not ready: b, the oldest
    expect(source.choose(3, candidates([c, a, b]))).toBe(2); // b again
  });

  it('a delay skips the task that would continue: it takes another one, uniformly', () => {
    const [a, b, c] = [{}, {}, {}];
    const picked = new Set<number>();
    for (let seed = 0; seed < 64; seed++) {
      const source = new DelaySource(new SeededSource(seed), 1, 2, [2]);
      expect(source.choose(3, candidates([a, b, c]))).toBe(0);
      const choice = source.choose(3, candidates([b, c, a]));
      expect(choice).not.toBe(2); // not a, which would have continued
      picked.add(choice);
    }
    expect([...picked].sort()).toEqual([0, 1]);
  });
});

describe('DelayStrategy', () => {
  it('plans the default run, then one delay at each decision of it once, then random delays', () => {
    const strategy = new DelayStrategy(2, 7);
    const counts = [2, 2, 2, 2, 2];
    const report = (choices: number[]) =>
      strategy.report({ choices, counts, steps: counts.length, newCoverage: 0, failed: false });
    const first = strategy.next();
    expect(first.params).toMatchObject({ delays: 0, steps: 16 });
    report(run(first.source, counts));
    const singles: number[] = [];
    for (let i = 0; i < counts.length; i++) {
      const plan = strategy.next();
      expect(plan.params).toMatchObject({ delays: 1, steps: 5 });
      const choices = run(plan.source, counts);
      expect(choices.filter((c) => c !== 0)).toHaveLength(1);
      singles.push(choices.indexOf(1) + 1);
      expect(plan.params.at).toBe(choices.indexOf(1) + 1);
      report(choices);
    }
    expect(singles.sort()).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 1, 2].map(() => strategy.next().params.delays)).toEqual([1, 2, 1, 2]);
  });

  it('is deterministic for its seed and rejects a bad bound', () => {
    const plans = (seed: number) =>
      Array.from({ length: 5 }, () => new DelayStrategy(3, seed)).map((s) => s.next().params);
    expect(plans(3)).toEqual(plans(3));
    expect(() => new DelayStrategy(0, 1)).toThrow(/delays/);
  });
});

describe('ExhaustiveStrategy shards', () => {
  /** Every schedule the strategy runs on a fixed tree of `counts`. */
  function schedules(strategy: ExhaustiveStrategy, counts: readonly number[]): string[] {
    const out: string[] = [];
    for (let plan = strategy.next(); plan !== undefined; plan = strategy.next()) {
      const choices = run(plan.source, counts);
      out.push(choices.join(''));
      strategy.report({ choices, counts, steps: counts.length, newCoverage: 0, failed: false });
    }
    return out;
  }

  it('split the tree: together the shards run every schedule exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (counts, shards) => {
          const whole = schedules(new ExhaustiveStrategy(64), counts);
          const parts = Array.from({ length: shards }, (_, i) =>
            schedules(new ExhaustiveStrategy(64, { index: i + 1, count: shards }), counts),
          );
          const owned = parts.map((part, i) => part.filter((s) => Number(s[0]) % shards === i));
          // A shard past the first decision's fan-out runs one schedule that is not its own.
          parts.forEach((part, i) => {
            expect(part.length - (owned[i] as string[]).length).toBe(i >= (counts[0] as number) ? 1 : 0);
          });
          expect(owned.flat().sort()).toEqual([...whole].sort());
        },
      ),
    );
    expect(() => new ExhaustiveStrategy(64, { index: 3, count: 2 })).toThrow(/shard.index/);
  });
});
