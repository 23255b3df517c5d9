import type { TaskInfo } from '@sched/core';
import type { Candidates, DecisionSource } from '../decisions/decision-source.js';
import type { SeededSource } from '../decisions/seeded-source.js';

/**
 * Randomized delay bounding (Emmi, Qadeer and Rakamarić, POPL 2011; SCTBench found it finds more
 * bugs than preemption bounding). The default is a non-preemptive scheduler: the task that ran
 * last runs again while it is ready (a context switch only when it awaits something not ready
 * or finishes; then the oldest ready Runnable, choice 0), and other decisions (delay jitter) take
 * choice 0. At `delays` decisions, picked uniformly at random without repetition out of the
 * first `steps`, the run is delayed: it takes one of the other choices, uniformly. A bug that
 * needs `d ≤ delays` deviations from that default at given decisions is hit with probability at
 * least `1 / (C(k, d) · (n − 1)^d)` per run (`k` steps, `n` candidates), however many tasks
 * there are: schedules with few context switches, where most bugs sit, are sampled densely,
 * while the FIFO-based strategies switch task at almost every step.
 */
export class DelaySource implements DecisionSource {
  readonly description: string;
  readonly #rng: SeededSource;
  /** Decision indices (1-based) at which the run deviates, ascending. */
  readonly #delayAt: number[];
  #decision = 0;
  #next = 0;
  #last: TaskInfo | undefined;

  /**
   * `delays` decisions out of the first `steps` are delayed, picked at random unless `at` lists
   * them (1-based decision indices).
   */
  constructor(rng: SeededSource, delays: number, steps: number, at?: readonly number[]) {
    this.#rng = rng;
    const k = Math.max(1, steps);
    this.#delayAt =
      at !== undefined ? [...new Set(at)].sort((a, b) => a - b) : pickDistinct(rng, Math.min(delays, k), k);
    this.description = `${this.#delayAt.length} delays over ${k} decisions`;
  }

  /** The decisions (1-based) at which this run deviates from the default order. */
  get delayAt(): readonly number[] {
    return this.#delayAt;
  }

  choose(n: number, candidates?: Candidates): number {
    this.#decision++;
    const preferred = candidates === undefined ? 0 : this.#continuing(n, candidates);
    let choice = preferred;
    if (this.#delayAt[this.#next] === this.#decision) {
      this.#next++;
      const other = this.#rng.choose(n - 1);
      choice = other >= preferred ? other + 1 : other;
    }
    if (candidates !== undefined) this.#last = candidates.at(choice).task;
    return choice;
  }

  /** The index of the task that ran last, when it is ready again; else 0 (the oldest). */
  #continuing(n: number, candidates: Candidates): number {
    if (this.#last === undefined) return 0;
    for (let i = 0; i < n; i++) if (candidates.at(i).task === this.#last) return i;
    return 0;
  }
}

/** `count` distinct integers of `[1, k]`, each subset equally likely (Floyd's algorithm), ascending. */
function pickDistinct(rng: SeededSource, count: number, k: number): number[] {
  const picked = new Set<number>();
  for (let j = k - count + 1; j <= k; j++) {
    const t = 1 + rng.choose(j);
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked].sort((a, b) => a - b);
}
