import type { TaskInfo } from '@sched/core';
import type { Candidates, DecisionSource } from '../decisions/decision-source.js';
import type { SeededSource } from '../decisions/seeded-source.js';

/**
 * PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) over tasks: each task
 * gets a random priority when first seen, the ready task with the highest priority runs, and at
 * `depth − 1` random steps out of `steps` the task about to run drops below every initial
 * priority. A bug of depth `d` is then hit with probability at least `1 / (n · k^(d−1))` per run
 * (`n` tasks, `k` steps). Decisions that are not a choice among Runnables (delay jitter) are drawn
 * from `rng`.
 */
export class PctSource implements DecisionSource {
  readonly description: string;
  readonly #rng: SeededSource;
  readonly #depth: number;
  /** Steps (1-based) at which the running task's priority drops, ascending. */
  readonly #changeAt: number[];
  readonly #priority = new Map<TaskInfo, number>();
  #step = 0;
  #changes = 0;

  constructor(rng: SeededSource, depth: number, steps: number) {
    this.#rng = rng;
    this.#depth = depth;
    const k = Math.max(1, steps);
    this.#changeAt = Array.from({ length: depth - 1 }, () => 1 + rng.choose(k)).sort((a, b) => a - b);
    this.description = `pct depth ${depth} over ${k} steps`;
  }

  choose(n: number, candidates?: Candidates): number {
    if (candidates === undefined) return this.#rng.choose(n);
    this.#step++;
    let best = this.#highest(n, candidates);
    while (this.#changeAt[this.#changes] === this.#step) {
      // Priority-change point: the task that would run now drops below all initial priorities
      // (later changes drop lower still), and the next highest runs instead.
      this.#changes++;
      this.#priority.set(candidates.at(best).task, this.#depth - this.#changes);
      best = this.#highest(n, candidates);
    }
    return best;
  }

  #highest(n: number, candidates: Candidates): number {
    let best = 0;
    let bestPriority = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const p = this.#priorityOf(candidates.at(i).task);
      if (p > bestPriority) {
        best = i;
        bestPriority = p;
      }
    }
    return best;
  }

  #priorityOf(task: TaskInfo): number {
    let p = this.#priority.get(task);
    if (p === undefined) {
      // Initial priorities lie in (depth, depth + 1): above every changed one, in random order.
      p = this.#depth + (1 + this.#rng.choose(0x7fff_ffff)) / 0x8000_0000;
      this.#priority.set(task, p);
    }
    return p;
  }
}
