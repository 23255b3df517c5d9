/** What the simulator keeps about a task that has started and not finished. */
export interface LiveTask {
  /** Scheduler-owned waits the task has started and not yet been resumed from. */
  waits: number;
  /**
   * The task's step ended with the task neither awaiting anything the simulator owns nor
   * finished: it waits on something native. Cleared when it is seen awaiting again.
   */
  parked: boolean;
  /** The orphan-suspension count when it parked (see StepDriver). */
  parkedAt: number;
  /** The task's number in the trace. */
  readonly local: number;
}
