import { InvalidArgumentError } from '@sched/core';
import { SeededSource } from '../decisions/seeded-source.js';
import { DelaySource } from './delay-source.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';

/** Decisions assumed before any run has shown how many a schedule of the scenario takes. */
const INITIAL_STEPS = 16;

/**
 * Delay-bounded schedules (see {@link DelaySource}) with at most `delays` deviations from the
 * non-preemptive default, in the order of iterative delay bounding: first the default schedule
 * itself (no delay), then one delay at each of the `k` decisions of that run, in a random
 * order and each once, then random schedules whose delay count cycles through `1 … delays`, over
 * the most decisions any earlier run took. A bug that needs one context switch at a decision with
 * two candidates is so found within `k + 1` schedules. Each schedule reports `delays`, `steps` and `seed`
 * (and `at`, the delayed decision, in the one-delay round).
 */
export class DelayStrategy implements Strategy {
  readonly name: string;
  readonly params: StrategyParams;
  readonly #delays: number;
  readonly #rng: SeededSource;
  #steps = INITIAL_STEPS;
  #planned = 0;
  /** One-delay positions still to try, in their random order (filled after the first run). */
  #single: number[] | undefined;
  #random = 0;

  constructor(delays: number, seed: number) {
    if (!Number.isInteger(delays) || delays < 1 || delays > 64) {
      throw new InvalidArgumentError('delays', delays, 'an integer from 1 to 64 (delay bound)');
    }
    this.#delays = delays;
    this.#rng = new SeededSource(seed >>> 0);
    this.name = `delay(d=${delays})`;
    this.params = { delays };
  }

  next(): PlannedSchedule {
    const seed = this.#rng.nextUint32();
    const steps = this.#steps;
    this.#planned++;
    if (this.#planned === 1) {
      return this.#plan(new DelaySource(new SeededSource(seed), 0, steps), { delays: 0, steps, seed });
    }
    const at = this.#single?.pop();
    if (at !== undefined) {
      return this.#plan(new DelaySource(new SeededSource(seed), 1, steps, [at]), { delays: 1, steps, seed, at });
    }
    const delays = 1 + (this.#random++ % this.#delays);
    return this.#plan(new DelaySource(new SeededSource(seed), delays, steps), { delays, steps, seed });
  }

  report(feedback: ScheduleFeedback): void {
    const decisions = feedback.counts.length;
    if (this.#single === undefined) {
      // The default run: its decisions are the one-delay round, shuffled (Fisher–Yates).
      const order = Array.from({ length: decisions }, (_, i) => i + 1);
      for (let i = order.length - 1; i > 0; i--) {
        const j = this.#rng.choose(i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      this.#single = order;
      this.#steps = Math.max(1, decisions);
    } else if (decisions > this.#steps) {
      this.#steps = decisions;
    }
  }

  #plan(source: DelaySource, params: StrategyParams): PlannedSchedule {
    return { source, strategy: this.name, params };
  }
}
