import type { Scheduler, TaskInfo } from '@sched/core';

/** Options of a {@link TestHost} run call (a subset of `@sched/sim`'s `RunOptions`). */
export interface TestRunOptions {
  /** Jump the clock to the next timer when nothing is ready. */
  readonly autoAdvance?: boolean | undefined;
}

/**
 * The simulation control the test-only executor methods need. `@sched/sim`'s `Simulator`
 * implements it; the facade depends only on this shape, so production code never imports the
 * simulator.
 */
export interface TestHost extends Scheduler {
  /** Runs one step (due timers first); false if nothing was ready. */
  step(options?: TestRunOptions): Promise<boolean>;
  /** Runs until nothing is ready and no timer is due. */
  runUntilIdle(options?: TestRunOptions): Promise<void>;
  /** Advances the clock, firing timers in deadline order and running tasks between them. */
  advanceTime(ms: number): Promise<void>;
  /** Draws an integer in `[min, max]` as one recorded (replayable) decision. */
  delay(min: number, max: number): number;
  /** Started, unfinished tasks. */
  liveTasks(): TaskInfo[];
  /** Tasks with a Runnable ready to run now. */
  readyTasks(): TaskInfo[];
  /** True while a run call is in progress. */
  readonly running: boolean;
}

const METHODS = ['step', 'runUntilIdle', 'advanceTime', 'delay', 'liveTasks', 'readyTasks'] as const;

/** The scheduler as a {@link TestHost} if it has simulation control, else undefined. */
export function testHostOf(scheduler: Scheduler): TestHost | undefined {
  const candidate = scheduler as Partial<Record<(typeof METHODS)[number], unknown>>;
  return METHODS.every((name) => typeof candidate[name] === 'function') ? (scheduler as TestHost) : undefined;
}
