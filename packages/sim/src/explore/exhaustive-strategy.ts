import { InvalidArgumentError } from '@sched/core';
import { checkPositiveInteger } from '@sched/core/host';
import type { DecisionSource } from '../decisions/decision-source.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';

/** How far an exhaustive exploration got. */
export type ExhaustiveVerdict =
  /** Every schedule within the decision bound was run: a proof that none of them fails. */
  | { readonly kind: 'proof'; readonly schedules: number }
  /** Stopped before the whole tree was run: `bound` says which limit was hit. */
  | { readonly kind: 'bound-hit'; readonly bound: 'decisions' | 'schedules'; readonly schedules: number };

/** One shard of an exhaustive search: `index` (1-based) of `count`. */
export interface ExhaustiveShard {
  readonly index: number;
  readonly count: number;
}

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
  readonly #shard: ExhaustiveShard;
  #prefix: number[] | undefined;
  #truncated = false;
  #schedules = 0;

  /**
   * `shard` (default 1 of 1) keeps only part of the tree: the subtrees whose first decision's
   * choice `c` has `c mod count = index − 1`, so the shards of a CI matrix together run every
   * schedule once. A shard whose index exceeds the first decision's number of choices runs one
   * schedule (shard 1's first) and is complete.
   */
  constructor(maxDecisions = 64, shard: ExhaustiveShard = { index: 1, count: 1 }) {
    this.#maxDecisions = checkPositiveInteger('maxDecisions', maxDecisions);
    checkPositiveInteger('shard.count', shard.count);
    if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
      throw new InvalidArgumentError('shard.index', shard.index, `an integer from 1 to ${shard.count}`);
    }
    this.#shard = shard;
    this.#prefix = shard.index === 1 ? [] : [shard.index - 1];
    this.params = shard.count === 1 ? { maxDecisions } : { maxDecisions, shard: `${shard.index}/${shard.count}` };
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
      choose: (n) => {
        const choice = prefix[position++] ?? 0;
        return choice < n ? choice : 0;
      },
    };
    return { source, strategy: this.name, params: { ...this.params, schedule: this.#schedules + 1 } };
  }

  report(feedback: ScheduleFeedback): void {
    this.#schedules++;
    const { choices, counts } = feedback;
    const { index, count } = this.#shard;
    if (this.#schedules === 1 && index > 1 && choices[0] !== index - 1) {
      // The first decision has fewer than `index` choices: nothing of the tree is this shard's.
      this.#prefix = undefined;
      return;
    }
    if (choices.length > this.#maxDecisions) this.#truncated = true;
    for (let i = Math.min(choices.length, this.#maxDecisions) - 1; i >= 0; i--) {
      const choice = choices[i] as number;
      // The first decision steps by the shard count, so each shard keeps its own subtrees.
      const next = choice + (i === 0 ? count : 1);
      if (next < (counts[i] as number)) {
        this.#prefix = [...choices.slice(0, i), next];
        return;
      }
    }
    this.#prefix = undefined;
  }
}
