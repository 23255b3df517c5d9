import { InvalidArgumentError } from '@sched/core';
import { SeededSource } from '../decisions/seeded-source.js';
import { PctSource } from './pct-source.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';

/** Steps assumed before any run has shown how many a schedule of the scenario takes. */
const INITIAL_STEPS = 16;

/**
 * PCT schedules (see {@link PctSource}) of depth `depth`. The step bound `k` is the most
 * scheduling steps any earlier run took (16 before the first), and is reported with each
 * schedule's parameters.
 */
export class PctStrategy implements Strategy {
  readonly name: string;
  readonly params: StrategyParams;
  readonly #depth: number;
  readonly #rng: SeededSource;
  #steps = INITIAL_STEPS;
  #seen = 0;

  constructor(depth: number, seed: number) {
    if (!Number.isInteger(depth) || depth < 1 || depth > 64) {
      throw new InvalidArgumentError('depth', depth, 'an integer from 1 to 64 (PCT bug depth)');
    }
    this.#depth = depth;
    this.#rng = new SeededSource(seed >>> 0);
    this.name = `pct(d=${depth})`;
    this.params = { depth };
  }

  next(): PlannedSchedule {
    const seed = this.#rng.nextUint32();
    const steps = this.#steps;
    const source = new PctSource(new SeededSource(seed), this.#depth, steps);
    return { source, strategy: this.name, params: { depth: this.#depth, steps, seed } };
  }

  report(feedback: ScheduleFeedback): void {
    this.#seen = Math.max(this.#seen, feedback.steps);
    if (this.#seen > 0) this.#steps = this.#seen;
  }
}
