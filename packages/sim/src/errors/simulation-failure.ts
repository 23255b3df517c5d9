import { SchedError } from '@sched/core';

/**
 * Thrown by `many`, `once` and `simTest` when a seed fails with something that is not an
 * `Error` (a string, a plain object): the value is kept as `cause`, and the message carries
 * the seed (or schedule), the schedule and the replay command. A failing `Error` is rethrown
 * itself instead, with that information appended to its message.
 */
export class SimulationFailure extends SchedError {
  constructor(message: string, cause: unknown) {
    super('ERR_SIM_FAILURE', message, { cause });
  }
}
