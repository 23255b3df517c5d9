import { InvalidArgumentError } from '@sched/core';
import { ExhaustiveStrategy, type ExhaustiveVerdict } from './exhaustive-strategy.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';

/**
 * Several strategies interleaved round-robin, one schedule each in turn (Coyote's default
 * "portfolio"): a bug that one strategy finds quickly is found at most `members` times later
 * than by that strategy alone. A member that runs out of schedules drops out of the rotation,
 * except an exhaustive member that completes its tree with a proof: then no schedule within its
 * bound fails, and the whole portfolio stops.
 */
export class PortfolioStrategy implements Strategy {
  readonly name = 'portfolio';
  readonly params: StrategyParams;
  readonly #members: Strategy[];
  readonly #exhaustive: ExhaustiveStrategy | undefined;
  #turn = 0;
  #last: Strategy | undefined;

  constructor(members: readonly Strategy[]) {
    if (members.length === 0) throw new InvalidArgumentError('members', members, 'at least one strategy');
    this.#members = [...members];
    this.#exhaustive = members.find((m): m is ExhaustiveStrategy => m instanceof ExhaustiveStrategy);
    this.params = { members: members.map((m) => m.name).join(',') };
  }

  /** Tapes kept by the members that keep a corpus. */
  get corpusSize(): number {
    let size = 0;
    for (const member of this.#members) {
      const own = (member as { corpusSize?: unknown }).corpusSize;
      if (typeof own === 'number') size += own;
    }
    return size;
  }

  /** The verdict of the exhaustive member, if there is one. */
  get verdict(): ExhaustiveVerdict | undefined {
    return this.#exhaustive?.verdict;
  }

  next(): PlannedSchedule | undefined {
    if (this.#exhaustive?.verdict.kind === 'proof') return undefined;
    while (this.#members.length > 0) {
      const index = this.#turn % this.#members.length;
      const member = this.#members[index] as Strategy;
      const plan = member.next();
      if (plan !== undefined) {
        this.#turn = index + 1;
        this.#last = member;
        return plan;
      }
      this.#members.splice(index, 1);
    }
    return undefined;
  }

  report(feedback: ScheduleFeedback): void {
    this.#last?.report(feedback);
  }
}
