import { SeededSource } from '../decisions/seeded-source.js';
import type { PlannedSchedule, Strategy, StrategyParams } from './strategy.js';

/**
 * Today's seeded search: schedule `i` draws every decision from `SeededSource(seed + i)`, so a
 * failure found by it is also replayed by that seed alone. SCTBench's lesson: a naive random
 * scheduler is a strong baseline, so it is always part of the portfolio.
 */
export class RandomStrategy implements Strategy {
  readonly name = 'random';
  readonly params: StrategyParams;
  readonly #from: number;
  #next = 0;

  constructor(from = 0) {
    this.#from = from >>> 0;
    this.params = { from: this.#from };
  }

  next(): PlannedSchedule {
    const seed = (this.#from + this.#next++) >>> 0;
    return { source: new SeededSource(seed), strategy: this.name, params: { seed } };
  }

  report(): void {}
}
