import { InvalidArgumentError } from '@sched/core';
import {
  BYTE_TAPE_HEADER,
  type ByteTapeSource,
  CoverageStrategy,
  createStrategy,
  type DecisionSource,
  DelayStrategy,
  ExhaustiveStrategy,
  encodeByteTape,
  memoryCorpus,
  PctStrategy,
  type PlannedSchedule,
  PortfolioStrategy,
  RandomStrategy,
  type ScheduleFeedback,
  SeededSource,
  type Strategy,
} from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The strategies driven by hand (plan, "run" the source over fixed decision counts, report),
// with no simulator in between: what each one plans, and what it learns from each report.

/** Runs a source over decisions of `counts[i]` choices each (none a choice among Runnables). */
function run(source: DecisionSource, counts: readonly number[]): number[] {
  return counts.map((n) => source.choose(n));
}
function feedback(choices: readonly number[], counts: readonly number[], newCoverage = 0): ScheduleFeedback {
  return { choices, counts, steps: counts.length, newCoverage, failed: false };
}
/** A strategy of `plans` schedules (unlimited when undefined) that logs the reports it gets. */
function fake(name: string, plans?: number): Strategy & { reports: ScheduleFeedback[]; corpusSize?: unknown } {
  let left = plans ?? Number.POSITIVE_INFINITY;
  const reports: ScheduleFeedback[] = [];
  return {
    name,
    params: {},
    reports,
    next: (): PlannedSchedule | undefined => {
      if (left <= 0) return undefined;
      left--;
      return { source: new SeededSource(0), strategy: name, params: {} };
    },
    report: (f) => {
      reports.push(f);
    },
  };
}

describe('createStrategy', () => {
  it('builds each named strategy with its defaults', () => {
    expect(createStrategy('random', { seed: 4 })).toBeInstanceOf(RandomStrategy);
    expect(createStrategy('random', { seed: 4 }).params).toEqual({ seed: 4 });
    const pct = createStrategy('pct', { seed: 1 });
    expect(pct).toBeInstanceOf(PctStrategy);
    expect([pct.name, pct.params]).toEqual(['pct(d=3)', { depth: 3 }]);
    expect(createStrategy('pct', { seed: 1, depth: 5 }).name).toBe('pct(d=5)');
    const delay = createStrategy('delay', { seed: 1 });
    expect(delay).toBeInstanceOf(DelayStrategy);
    expect([delay.name, delay.params]).toEqual(['delay(d=2)', { delays: 2 }]);
    expect(createStrategy('delay', { seed: 1, delays: 4 }).name).toBe('delay(d=4)');
    const coverage = createStrategy('coverage', { seed: 9, corpus: memoryCorpus([new Uint8Array(6)]) });
    expect(coverage).toBeInstanceOf(CoverageStrategy);
    expect(coverage.params).toEqual({ seed: 9, corpus: 1 });
    const exhaustive = createStrategy('exhaustive', { seed: 1 });
    expect(exhaustive).toBeInstanceOf(ExhaustiveStrategy);
    expect(exhaustive.params).toEqual({ maxDecisions: 64 });
    expect(createStrategy('exhaustive', { seed: 1, maxDecisions: 7 }).params).toEqual({ maxDecisions: 7 });
  });

  it('builds the portfolio in its documented rotation; its last PCT member has depth max(depth, 3)', () => {
    const members = (config: Parameters<typeof createStrategy>[1]) =>
      createStrategy('portfolio', config).params.members;
    expect(members({ seed: 0 })).toBe('pct(d=2),delay(d=2),random,exhaustive,coverage,pct(d=3)');
    expect(members({ seed: 0, depth: 5, delays: 3 })).toBe('pct(d=2),delay(d=3),random,exhaustive,coverage,pct(d=5)');
    expect(members({ seed: 0, depth: 1 })).toBe('pct(d=2),delay(d=2),random,exhaustive,coverage,pct(d=3)');
    const portfolio = createStrategy('portfolio', { seed: 0 });
    expect(portfolio).toBeInstanceOf(PortfolioStrategy);
    expect(portfolio.name).toBe('portfolio');
  });

  it("hands the portfolio's exhaustive member its decision bound, and the coverage member the corpus", () => {
    const counts = [2, 2];
    const drive = (strategy: Strategy, max: number): number => {
      let n = 0;
      for (let plan = strategy.next(); plan !== undefined && n < max; plan = strategy.next()) {
        strategy.report(feedback(run(plan.source, counts), counts, 1));
        n++;
      }
      return n;
    };
    // Default bound 64: the member's tree has 4 schedules; its proof stops the portfolio.
    const proven = createStrategy('portfolio', { seed: 0 }) as PortfolioStrategy;
    expect(drive(proven, 100)).toBe(6 * 3 + 4);
    expect(proven.verdict).toEqual({ kind: 'proof', schedules: 4 });
    // Bound 1: only the first decision branches, 2 schedules, not a proof: the portfolio goes on.
    const bounded = createStrategy('portfolio', { seed: 0, maxDecisions: 1 }) as PortfolioStrategy;
    expect(drive(bounded, 60)).toBe(60);
    expect(bounded.verdict).toEqual({ kind: 'bound-hit', bound: 'decisions', schedules: 2 });
    const corpus = memoryCorpus();
    const withCorpus = createStrategy('portfolio', { seed: 0, corpus }) as PortfolioStrategy;
    drive(withCorpus, 12);
    // Every report said "new coverage": the coverage member (5th) kept and saved its 2 runs.
    expect(withCorpus.corpusSize).toBe(2);
    expect(corpus.tapes).toHaveLength(2);
  });

  it('rejects an unknown name with InvalidArgumentError listing the known ones', () => {
    expect(() => createStrategy('bogus' as 'random', { seed: 0 })).toThrow(InvalidArgumentError);
    expect(() => createStrategy('bogus' as 'random', { seed: 0 })).toThrow(
      'Invalid strategy: "bogus"; expected one of portfolio, random, pct, delay, coverage, exhaustive.',
    );
  });
});

describe('RandomStrategy', () => {
  it('plans seeded sources and reports the seed that replays each one', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (seed) => {
        const strategy = new RandomStrategy(seed);
        expect([strategy.name, strategy.params]).toEqual(['random', { seed }]);
        const seeds = new SeededSource(seed);
        for (let i = 0; i < 3; i++) {
          const plan = strategy.next();
          const expected = seeds.nextUint32();
          expect(plan.params).toEqual({ seed: expected });
          expect(plan.strategy).toBe('random');
          expect(run(plan.source, [5, 7, 300])).toEqual(run(new SeededSource(expected), [5, 7, 300]));
          strategy.report();
        }
      }),
      { numRuns: 20 },
    );
    expect(new RandomStrategy().params).toEqual({ seed: 0 });
  });
});

describe('PortfolioStrategy', () => {
  it('needs at least one member', () => {
    expect(() => new PortfolioStrategy([])).toThrow(InvalidArgumentError);
  });

  it('plans round-robin; a member with nothing left drops out and the rotation goes on', () => {
    const [a, b, c] = [fake('a'), fake('b', 2), fake('c')];
    const portfolio = new PortfolioStrategy([a, b, c]);
    expect(portfolio.params).toEqual({ members: 'a,b,c' });
    expect(portfolio.verdict).toBeUndefined();
    const order = Array.from({ length: 10 }, () => portfolio.next()?.strategy);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'c', 'a', 'c']);
  });

  it('ends when every member has run out', () => {
    const portfolio = new PortfolioStrategy([fake('a', 1), fake('b', 2)]);
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) order.push(portfolio.next()?.strategy);
    expect(order).toEqual(['a', 'b', 'b', undefined, undefined]);
  });

  it('passes each report to the member that planned the last schedule only', () => {
    const [a, b] = [fake('a'), fake('b')];
    const portfolio = new PortfolioStrategy([a, b]);
    portfolio.report(feedback([9], [10])); // before any plan: nobody to tell
    portfolio.next();
    portfolio.report(feedback([1], [2]));
    portfolio.next();
    portfolio.report(feedback([0, 1], [2, 2]));
    portfolio.next();
    portfolio.report(feedback([1, 1], [2, 2]));
    expect(a.reports.map((r) => r.choices)).toEqual([[1], [1, 1]]);
    expect(b.reports.map((r) => r.choices)).toEqual([[0, 1]]);
  });

  it('sums the corpus sizes of the members that keep one', () => {
    const [a, b, c] = [fake('a'), fake('b'), fake('c')];
    a.corpusSize = 3;
    b.corpusSize = 'many';
    c.corpusSize = 4;
    expect(new PortfolioStrategy([a, b, c]).corpusSize).toBe(7);
    expect(new PortfolioStrategy([fake('x')]).corpusSize).toBe(0);
  });

  it("reads the exhaustive member's verdict; a bound hit does not stop the others", () => {
    const exhaustive = new ExhaustiveStrategy(1);
    const portfolio = new PortfolioStrategy([fake('a'), exhaustive]);
    const counts = [2, 2];
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const plan = portfolio.next() as PlannedSchedule;
      names.push(plan.strategy);
      portfolio.report(feedback(run(plan.source, counts), counts));
    }
    expect(names).toEqual(['a', 'exhaustive', 'a', 'exhaustive', 'a', 'a', 'a', 'a']);
    expect(portfolio.verdict).toEqual({ kind: 'bound-hit', bound: 'decisions', schedules: 2 });
  });
});

describe('PctStrategy', () => {
  it('takes the most steps any run reported as its bound (16 before any run, or while runs report 0)', () => {
    const strategy = new PctStrategy(2, 1);
    expect([strategy.name, strategy.params]).toEqual(['pct(d=2)', { depth: 2 }]);
    const steps = (): unknown => strategy.next().params.steps;
    expect(steps()).toBe(16);
    strategy.report({ ...feedback([], []), steps: 0 });
    expect(steps()).toBe(16);
    strategy.report({ ...feedback([], []), steps: 5 });
    expect(steps()).toBe(5);
    strategy.report({ ...feedback([], []), steps: 3 });
    expect(steps()).toBe(5);
    strategy.report({ ...feedback([], []), steps: 40 });
    expect(steps()).toBe(40);
  });

  it('reports depth, bound and the seed of each schedule, drawn from its own seed', () => {
    const strategy = new PctStrategy(3, 77);
    const seeds = new SeededSource(77);
    for (let i = 0; i < 3; i++) {
      const plan = strategy.next();
      expect(plan.params).toEqual({ depth: 3, steps: 16, seed: seeds.nextUint32() });
      expect(plan.strategy).toBe('pct(d=3)');
      expect(plan.source.description).toBe('pct depth 3 over 16 steps');
    }
  });

  it('accepts depths 1 to 64 only', () => {
    expect(new PctStrategy(1, 0).name).toBe('pct(d=1)');
    expect(new PctStrategy(64, 0).name).toBe('pct(d=64)');
    for (const bad of [0, 65, 2.5, Number.NaN]) {
      expect(() => new PctStrategy(bad, 0), String(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('DelayStrategy', () => {
  it('accepts bounds 1 to 64 only', () => {
    expect(new DelayStrategy(1, 0).name).toBe('delay(d=1)');
    expect(new DelayStrategy(64, 0).params).toEqual({ delays: 64 });
    for (const bad of [0, 65, 1.5, Number.NaN]) {
      expect(() => new DelayStrategy(bad, 0), String(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('learns the decision count from the default run (at least 1), then grows it with longer runs', () => {
    const strategy = new DelayStrategy(1, 3);
    const first = strategy.next();
    expect(first.params).toMatchObject({ delays: 0, steps: 16 });
    expect(first.strategy).toBe('delay(d=1)');
    strategy.report(feedback([], [])); // a run with no decision: no one-delay round
    expect(strategy.next().params).toMatchObject({ delays: 1, steps: 1 });
    strategy.report(feedback([0, 0, 0], [2, 2, 2]));
    expect(strategy.next().params).toMatchObject({ delays: 1, steps: 3 });
    strategy.report(feedback([0, 0], [2, 2]));
    expect(strategy.next().params).toMatchObject({ delays: 1, steps: 3 });
  });

  it('plans its schedules from seeds drawn from its own seed', () => {
    const strategy = new DelayStrategy(2, 5);
    const seeds = new SeededSource(5);
    expect(strategy.next().params).toEqual({ delays: 0, steps: 16, seed: seeds.nextUint32() });
    strategy.report(feedback([0], [2]));
    // One decision: the one-delay round is that decision.
    const single = strategy.next();
    expect(single.params).toEqual({ delays: 1, steps: 1, seed: seeds.nextUint32(), at: 1 });
    expect(run(single.source, [2])).toEqual([1]);
  });
});

describe('CoverageStrategy', () => {
  it('runs the stored tapes first, then `initialTapes` header-only tapes, then mutants', () => {
    const stored = [encodeByteTape([1, 0], [2, 2], { seed: 11 }), encodeByteTape([2], [3], { seed: 12 })];
    const strategy = new CoverageStrategy({ seed: 3, corpus: memoryCorpus(stored), initialTapes: 2 });
    expect([strategy.name, strategy.params]).toEqual(['coverage', { seed: 3, corpus: 2 }]);
    const plans = Array.from({ length: 5 }, () => strategy.next());
    expect(plans.map((p) => p.strategy)).toEqual(Array(5).fill('coverage'));
    expect(plans.map((p) => (p.source as ByteTapeSource).seed).slice(0, 2)).toEqual([11, 12]);
    expect(run(plans[0]?.source as DecisionSource, [2, 2])).toEqual([1, 0]);
    expect(plans.map((p) => p.params.tape)).toEqual([7, 6, BYTE_TAPE_HEADER, BYTE_TAPE_HEADER, BYTE_TAPE_HEADER]);
    // Nothing kept yet: the "mutant" is one more random header-only tape.
    expect(plans.map((p) => p.params.corpus)).toEqual([0, 0, 0, 0, 0]);
    const rng = new SeededSource(3);
    const headerSeeds = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    expect(plans.slice(2).map((p) => (p.source as ByteTapeSource).seed)).toEqual(headerSeeds);
  });

  it('starts with 8 header-only tapes by default', () => {
    const strategy = new CoverageStrategy();
    expect(strategy.params).toEqual({ seed: 0, corpus: 0 });
    const rng = new SeededSource(0);
    for (let i = 0; i < 8; i++) {
      const plan = strategy.next();
      expect(plan.params).toEqual({ corpus: 0, tape: BYTE_TAPE_HEADER });
      expect((plan.source as ByteTapeSource).seed).toBe(rng.nextUint32());
    }
  });

  it('keeps (and saves) the followed choices of a run that reached new coverage, with the tape seed', () => {
    const corpus = memoryCorpus();
    const strategy = new CoverageStrategy({ seed: 1, corpus, initialTapes: 1, maxCorpus: 1 });
    const plan = strategy.next();
    const seed = (plan.source as ByteTapeSource).seed;
    strategy.report(feedback([1, 2], [2, 3], 0));
    expect(strategy.corpusSize).toBe(0);
    expect(corpus.tapes).toHaveLength(0);
    strategy.report(feedback([1, 2], [2, 3], 4));
    expect(strategy.corpusSize).toBe(1);
    expect(corpus.tapes).toEqual([encodeByteTape([1, 2], [2, 3], { seed })]);
    // Past `maxCorpus`: still saved to the store, not kept in memory.
    strategy.report(feedback([0], [2], 1));
    expect(strategy.corpusSize).toBe(1);
    expect(corpus.tapes).toHaveLength(2);
  });

  it('mutates kept tapes once the pending ones are used up: one mutation, or a stack of up to `maxStack`', () => {
    const counts = Array(8).fill(2) as number[];
    const keep = (strategy: CoverageStrategy, choices: readonly (readonly number[])[]) => {
      for (const c of choices) {
        strategy.next();
        strategy.report(feedback(c, counts.slice(0, c.length), 1));
      }
    };
    const kept = [
      [1, 0, 1, 1, 0, 1, 0, 0],
      [0, 1],
      [1, 1, 1, 1],
    ];
    for (const maxStack of [1, 3]) {
      const strategy = new CoverageStrategy({ seed: 2, initialTapes: 0, maxStack });
      keep(strategy, kept);
      expect(strategy.corpusSize).toBe(3);
      const lengths = new Set<number>();
      for (let i = 0; i < 1_500; i++) {
        const plan = strategy.next();
        expect(plan.params.corpus).toBe(3);
        const length = plan.params.tape as number;
        lengths.add(length);
        // Each mutation adds at most one byte (insert-decision), and every parent is a kept tape.
        expect(length).toBeLessThanOrEqual(BYTE_TAPE_HEADER + 8 + maxStack);
        expect(length).toBeGreaterThanOrEqual(BYTE_TAPE_HEADER);
      }
      // The longest parent grown by one insert is reached; shorter tapes come from the others
      // and from truncation.
      expect(Math.max(...lengths)).toBeGreaterThanOrEqual(BYTE_TAPE_HEADER + 9);
      expect(Math.min(...lengths)).toBeLessThan(BYTE_TAPE_HEADER + 2);
    }
  });
});
