import type { TraceEvent } from './trace-event.js';

/**
 * Whether a step deviated from the default order: another candidate than the first was chosen,
 * delay jitter was drawn, or a drawn delay is above its minimum. These decisions make the
 * interleaving; every other step is what FIFO order would have done.
 */
export function isDeviation(event: TraceEvent): boolean {
  return (
    (event.choice !== undefined && event.choice.index !== 0) ||
    event.jitter !== undefined ||
    event.delays?.some((d) => d.ms !== d.min) === true
  );
}
