import type { TaskInfo } from '@sched/core';
import type { SchedulerProbe } from '@sched/core/host';
import type { StepDriver } from './step-driver.js';

/**
 * What core primitives report to (attached to a simulator with `attachProbe`): suspensions and
 * finished tasks go to the step driver. One object per simulator and no closures; `access` is
 * set only when an observer wants tracked accesses.
 */
export class DriverProbe implements SchedulerProbe {
  readonly spawnLocations: boolean;
  access: ((resource: object, kind: 'read' | 'write') => void) | undefined = undefined;
  readonly #driver: StepDriver;

  constructor(driver: StepDriver, spawnLocations: boolean) {
    this.#driver = driver;
    this.spawnLocations = spawnLocations;
  }

  suspend(): TaskInfo | undefined {
    return this.#driver.suspend();
  }

  finished(task: TaskInfo): void {
    this.#driver.finished(task);
  }
}
