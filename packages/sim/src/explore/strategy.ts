import type { DecisionSource } from '../decisions/decision-source.js';

/** The strategies `explore` knows by name. */
export type StrategyName = 'portfolio' | 'random' | 'pct' | 'delay' | 'coverage' | 'exhaustive';

/** A strategy's parameters, as reported with every result (e.g. `{ depth: 3, steps: 40 }`). */
export type StrategyParams = Readonly<Record<string, number | string>>;

/** One schedule a strategy wants run: where its decisions come from, and who planned it. */
export interface PlannedSchedule {
  readonly source: DecisionSource;
  /** The strategy that planned it (for a portfolio: the member's name). */
  readonly strategy: string;
  /** That strategy's parameters for this schedule. */
  readonly params: StrategyParams;
}

/** What a strategy learns from the run of the schedule it planned last. */
export interface ScheduleFeedback {
  /** Every choice the run made. */
  readonly choices: readonly number[];
  /** The number of candidates of each choice (parallel to `choices`). */
  readonly counts: readonly number[];
  /** Scheduling steps that chose among two or more ready Runnables. */
  readonly steps: number;
  /** Coverage points this run reached that no earlier run of the exploration had. */
  readonly newCoverage: number;
  /** Whether the run failed. */
  readonly failed: boolean;
}

/**
 * A search strategy: it plans one schedule at a time and learns from each run. Deterministic:
 * the same construction and the same feedback give the same plans.
 */
export interface Strategy {
  /** Its name in results and reports, e.g. `pct(d=3)`. */
  readonly name: string;
  /** Its parameters, as reported with every result. */
  readonly params: StrategyParams;
  /** The next schedule to run, or undefined when the strategy has nothing left to try. */
  next(): PlannedSchedule | undefined;
  /** Feedback on the run of the schedule returned by the last `next()`. */
  report(feedback: ScheduleFeedback): void;
}
