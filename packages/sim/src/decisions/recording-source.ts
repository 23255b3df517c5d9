import type { Candidates, DecisionSource } from './decision-source.js';

/**
 * Wraps a source and records every choice it makes, so any run (seeded or not) can be
 * replayed and shrunk as a schedule.
 */
export class RecordingSource implements DecisionSource {
  readonly #inner: DecisionSource;
  readonly choices: number[] = [];
  /** Number of candidates of each choice, parallel to `choices` (empty unless `withCounts`). */
  readonly counts: number[] = [];
  readonly #withCounts: boolean;
  /** Number of candidates of the latest choice (0 before any). */
  lastCount = 0;

  constructor(inner: DecisionSource, withCounts = true) {
    this.#inner = inner;
    this.#withCounts = withCounts;
  }

  get description(): string {
    return this.#inner.description;
  }

  choose(n: number, candidates?: Candidates): number {
    const choice = this.#inner.choose(n, candidates);
    this.choices.push(choice);
    this.lastCount = n;
    if (this.#withCounts) this.counts.push(n);
    return choice;
  }
}
