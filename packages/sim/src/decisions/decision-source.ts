/**
 * Where every scheduling decision comes from: which ready Runnable runs next, and the jitter
 * added to a delay. One small interface, several strategies (seeded, FIFO, tape), in the
 * spirit of shuttle's schedulers.
 */
export interface DecisionSource {
  /** Returns an integer in `[0, n)`. Called only with `n >= 2`. */
  choose(n: number): number;
  /** Short description for traces and replay hints, e.g. `seed 42`. */
  readonly description: string;
}
