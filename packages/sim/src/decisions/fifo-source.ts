import type { DecisionSource } from './decision-source.js';

/** Always picks the first candidate: no randomization, for debugging. */
export class FifoSource implements DecisionSource {
  readonly description = 'fifo';

  choose(): number {
    return 0;
  }
}
