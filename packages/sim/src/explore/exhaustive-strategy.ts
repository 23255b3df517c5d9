import { checkPositiveInteger } from '@sched/core/host';
import type { DecisionSource } from '../decisions/decision-source.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';

/** How far an exhaustive exploration got. */
export type ExhaustiveVerdict =
  /** Every schedule within the decision bound was run: a proof that none of them fails. */
  | { readonly kind: 'proof'; readonly schedules: number }
  /** Stopped before the whole tree was run: `bound` says which limit was hit. */
  | { readonly kind: 'bound-hit'; readonly bound: 'decisions' | 'schedules'; readonly schedules: number };

/**
 * Stateless depth-first enumeration of the decision tree (shuttle's DFS, loom without the
 * partial-order reduction): the first schedule takes choice 0 everywhere; each next one replays
 * the previous schedule up to its last decision that still has an untried alternative, takes the
 * next alternative there, and 0 after it. When no decision has an alternative left, every
 * schedule has been run once. Decisions past `maxDecisions` are not branched (always 0); a run
 * that reaches them makes the result a bound hit, not a proof.
 */
export class ExhaustiveStrategy implements Strategy {
  readonly name = 'exhaustive';
  readonly params: StrategyParams;
  readonly #maxDecisions: number;
  #prefix: number[] | undefined = [];
  #truncated = false;
  #schedules = 0;

  constructor(maxDecisions = 64) {
    this.#maxDecisions = checkPositiveInteger('maxDecisions', maxDecisions);
    this.params = { maxDecisions };
  }

  /** True once every schedule within the bound has been run. */
  get complete(): boolean {
    return this.#prefix === undefined;
  }

  /** The verdict so far; `bound: 'schedules'` when it is read before the tree is complete. */
  get verdict(): ExhaustiveVerdict {
    const schedules = this.#schedules;
    if (this.#prefix !== undefined) return { kind: 'bound-hit', bound: 'schedules', schedules };
    return this.#truncated ? { kind: 'bound-hit', bound: 'decisions', schedules } : { kind: 'proof', schedules };
  }

  next(): PlannedSchedule | undefined {
    const prefix = this.#prefix;
    if (prefix === undefined) return undefined;
    let position = 0;
    const source: DecisionSource = {
      description: `exhaustive schedule ${this.#schedules + 1}`,
      choose: () => prefix[position++] ?? 0,
    };
    return { source, strategy: this.name, params: { ...this.params, schedule: this.#schedules + 1 } };
  }

  report(feedback: ScheduleFeedback): void {
    this.#schedules++;
    const { choices, counts } = feedback;
    if (choices.length > this.#maxDecisions) this.#truncated = true;
    for (let i = Math.min(choices.length, this.#maxDecisions) - 1; i >= 0; i--) {
      const choice = choices[i] as number;
      if (choice + 1 < (counts[i] as number)) {
        this.#prefix = [...choices.slice(0, i), choice + 1];
        return;
      }
    }
    this.#prefix = undefined;
  }
}
