/**
 * Where the coverage explorer keeps the tapes that reached new coverage, so that the next run
 * starts from them. `directoryCorpus` (from `@sched/sim/node`) keeps them as files.
 */
export interface CorpusStore {
  /** The tapes saved by earlier runs, in a stable order. */
  load(): Uint8Array[];
  /** Saves one tape that reached new coverage. */
  save(tape: Uint8Array): void;
}

/** A corpus kept in memory: hand the same object to several `explore` calls to chain them. */
export function memoryCorpus(initial: readonly Uint8Array[] = []): CorpusStore & { readonly tapes: Uint8Array[] } {
  const tapes = initial.map((tape) => tape.slice());
  return {
    tapes,
    load: () => tapes.map((tape) => tape.slice()),
    save: (tape) => {
      tapes.push(tape.slice());
    },
  };
}
