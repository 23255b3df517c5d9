import { SchedError } from '@sched/core';

/** What kind of escape was seen. */
export type EscapeKind = 'real-async' | 'parked-on-foreign' | 'foreign-wake';

/**
 * Work escaped the simulator: a task waited on something the simulator does not own (a real
 * timer, real I/O, a promise from outside), or was resumed by one. Either breaks
 * determinism, so by default it is an error. Pass `{ allowForeign: true }` to the Simulator for
 * tests that mix in real I/O on purpose.
 */
export class EscapeError extends SchedError {
  /**
   * `real-async`: simulated code called a real timer or `process.nextTick`; `parked-on-foreign`: a
   * task is waiting on foreign work; `foreign-wake`: foreign work resumed a task.
   */
  readonly kind: EscapeKind;
  /** Where it happened (`file:line:column`), when known. */
  readonly location: string | undefined;

  constructor(kind: EscapeKind, message: string, location: string | undefined) {
    super('ERR_SIM_ESCAPE', message);
    this.kind = kind;
    this.location = location;
  }
}
