import { InvalidArgumentError } from '@sched/core';
import type { CorpusStore } from './corpus-store.js';
import { CoverageStrategy } from './coverage-strategy.js';
import { DelayStrategy } from './delay-strategy.js';
import { ExhaustiveStrategy } from './exhaustive-strategy.js';
import { PctStrategy } from './pct-strategy.js';
import { PortfolioStrategy } from './portfolio-strategy.js';
import { RandomStrategy } from './random-strategy.js';
import type { Strategy, StrategyName } from './strategy.js';

/** What {@link createStrategy} builds a named strategy from. */
export interface StrategyConfig {
  /** Outer seed: every strategy derives its own decisions from it. */
  readonly seed: number;
  /** PCT bug depth (default 3). */
  readonly depth?: number | undefined;
  /** Delay bounding: most deviations from the default order per schedule (default 2). */
  readonly delays?: number | undefined;
  /** Exhaustive mode: decisions branched per schedule (default 64). */
  readonly maxDecisions?: number | undefined;
  /** Coverage mode: the saved corpus. */
  readonly corpus?: CorpusStore | undefined;
}

const NAMES: readonly StrategyName[] = ['portfolio', 'random', 'pct', 'delay', 'coverage', 'exhaustive'];

/**
 * Builds a strategy by name. The default portfolio interleaves PCT of depth 2, delay bounding
 * (at most `delays`, default 2, deviations from the non-preemptive order), random, depth-first
 * exhaustive search, the coverage explorer and PCT of depth `depth` (3): bugs of small depth,
 * bugs of few context switches, a strong baseline, systematic search (which settles tiny
 * scenarios with a proof and stops the portfolio), and feedback-guided search, in that rotation.
 */
export function createStrategy(name: StrategyName, config: StrategyConfig): Strategy {
  const seed = config.seed >>> 0;
  const depth = config.depth ?? 3;
  switch (name) {
    case 'random':
      return new RandomStrategy(seed);
    case 'pct':
      return new PctStrategy(depth, seed);
    case 'delay':
      return new DelayStrategy(config.delays ?? 2, seed);
    case 'coverage':
      return new CoverageStrategy({ seed, corpus: config.corpus });
    case 'exhaustive':
      return new ExhaustiveStrategy(config.maxDecisions ?? 64);
    case 'portfolio':
      return new PortfolioStrategy([
        new PctStrategy(2, seed ^ 0x2c1b3c6d),
        new DelayStrategy(config.delays ?? 2, seed ^ 0x0051ed27),
        new RandomStrategy(seed),
        new ExhaustiveStrategy(config.maxDecisions ?? 64),
        new CoverageStrategy({ seed: seed ^ 0x297a2d39, corpus: config.corpus }),
        new PctStrategy(Math.max(depth, 3), seed ^ 0x6c8e9cf5),
      ]);
    default:
      throw new InvalidArgumentError('strategy', name, `one of ${NAMES.join(', ')}`);
  }
}
