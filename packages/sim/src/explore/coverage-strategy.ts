import { ByteTapeSource, encodeByteTape } from '../decisions/byte-tape-source.js';
import { SeededSource } from '../decisions/seeded-source.js';
import type { CorpusStore } from './corpus-store.js';
import type { PlannedSchedule, ScheduleFeedback, Strategy, StrategyParams } from './strategy.js';
import { mutateTape, TAPE_MUTATIONS } from './tape-mutations.js';

/** Options of {@link CoverageStrategy}. */
export interface CoverageStrategyOptions {
  /** Seed of the mutation choices and of the initial tapes. */
  readonly seed?: number | undefined;
  /** Tapes to start from, and where new ones are saved. */
  readonly corpus?: CorpusStore | undefined;
  /** Random tapes (a header only: the run falls back to the header's seed) tried before mutating (default 8). */
  readonly initialTapes?: number | undefined;
  /** Most tapes kept in memory (default 1,000); later ones are still saved to the store. */
  readonly maxCorpus?: number | undefined;
  /** Most mutations stacked on one tape (default 4). */
  readonly maxStack?: number | undefined;
}

/**
 * Greybox search over byte tapes (AFL's loop, in process): run a tape, and when the run reaches
 * interleaving coverage no earlier run had (see `CoverageRecorder`), keep the tape the run
 * actually followed (its recorded choices, written back with `encodeByteTape`, so later
 * mutations act on real decisions). Each new schedule is a kept tape with a few stacked
 * mutations (see {@link mutateTape}); the corpus starts from the store's tapes plus a few random
 * ones.
 */
export class CoverageStrategy implements Strategy {
  readonly name = 'coverage';
  readonly params: StrategyParams;
  readonly #rng: SeededSource;
  readonly #store: CorpusStore | undefined;
  readonly #corpus: Uint8Array[] = [];
  readonly #pending: Uint8Array[];
  readonly #maxCorpus: number;
  readonly #maxStack: number;
  #lastSeed = 0;

  constructor(options: CoverageStrategyOptions = {}) {
    const seed = (options.seed ?? 0) >>> 0;
    this.#rng = new SeededSource(seed);
    this.#store = options.corpus;
    this.#maxCorpus = options.maxCorpus ?? 1_000;
    this.#maxStack = options.maxStack ?? 4;
    const initial = options.initialTapes ?? 8;
    const loaded = this.#store?.load() ?? [];
    this.#pending = [
      ...loaded,
      ...Array.from({ length: initial }, () => encodeByteTape([], [], { seed: this.#rng.nextUint32() })),
    ];
    this.params = { seed, corpus: loaded.length };
  }

  /** Tapes kept so far (loaded ones that were run included). */
  get corpusSize(): number {
    return this.#corpus.length;
  }

  next(): PlannedSchedule {
    const tape = this.#pending.shift() ?? this.#mutant();
    const source = new ByteTapeSource(tape);
    this.#lastSeed = source.seed;
    return { source, strategy: this.name, params: { corpus: this.#corpus.length, tape: tape.length } };
  }

  report(feedback: ScheduleFeedback): void {
    if (feedback.newCoverage === 0) return;
    const tape = encodeByteTape(feedback.choices, feedback.counts, { seed: this.#lastSeed });
    if (this.#corpus.length < this.#maxCorpus) this.#corpus.push(tape);
    this.#store?.save(tape);
  }

  #mutant(): Uint8Array {
    const rng = this.#rng;
    const corpus = this.#corpus;
    if (corpus.length === 0) return encodeByteTape([], [], { seed: rng.nextUint32() });
    // Newer entries reached new coverage more recently, often a step further along a gradient
    // (a read that sees a later write): the newest gets a third of the picks, AFL-style energy.
    const pick = (): Uint8Array => {
      const n = corpus.length;
      const roll = rng.choose(3);
      const index = roll === 0 ? n - 1 : roll === 1 ? (n >> 1) + rng.choose(n - (n >> 1)) : rng.choose(n);
      return corpus[index] as Uint8Array;
    };
    let tape = pick();
    // Mostly one mutation (a small step), sometimes a stack of up to `maxStack`.
    const stack = rng.choose(2) === 0 ? 1 : 1 + rng.choose(this.#maxStack);
    for (let i = 0; i < stack; i++) {
      const mutation = TAPE_MUTATIONS[rng.choose(TAPE_MUTATIONS.length)] ?? 'bit-flip';
      tape = mutateTape(tape, mutation, rng, pick());
    }
    return tape;
  }
}
