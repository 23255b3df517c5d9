import { SchedError } from '@sched/core';

/**
 * Thrown by a test-control method (`runUntilParked`, `advanceClock`, `tick`, `rng`, …) called on
 * an executor whose host is a production runtime. In GPUI these methods exist only under the test
 * dispatcher; here they need a host with simulation control, such as `@sched/sim`'s `Simulator`.
 */
export class NotTestHostError extends SchedError {
  /** The method that was called. */
  readonly method: string;

  constructor(method: string) {
    super(
      'ERR_GPUI_NOT_TEST_HOST',
      `${method}() controls a simulated run: create the executor on a Simulator from @sched/sim (in tests), not on a production host`,
    );
    this.method = method;
  }
}
