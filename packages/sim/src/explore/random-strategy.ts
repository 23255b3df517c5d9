import { SeededSource } from '../decisions/seeded-source.js';
import type { PlannedSchedule, Strategy, StrategyParams } from './strategy.js';

/**
 * Today's seeded search: each schedule draws every decision from a `SeededSource` whose seed is
 * drawn from the outer seed, and reports that seed, so a failure found by it is also replayed
 * by `SEED=<seed>` alone. SCTBench's lesson: a naive random scheduler is a strong baseline, so it
 * is always part of the portfolio.
 */
export class RandomStrategy implements Strategy {
  readonly name = 'random';
  readonly params: StrategyParams;
  readonly #seeds: SeededSource;

  constructor(seed = 0) {
    this.#seeds = new SeededSource(seed >>> 0);
    this.params = { seed: seed >>> 0 };
  }

  next(): PlannedSchedule {
    const seed = this.#seeds.nextUint32();
    return { source: new SeededSource(seed), strategy: this.name, params: { seed } };
  }

  report(): void {}
}
