import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Scheduler } from '../scheduler.js';
import type { SchedulerProbe } from './probe.js';

/**
 * Where a controlled scheduler keeps its probe. A symbol, not a member of {@link Scheduler}:
 * implementing the interface, or wrapping a scheduler, can never switch control on or off by
 * accident. Only {@link attachProbe} and {@link forwardControl} set it.
 */
const CONTROL: unique symbol = Symbol('@sched/core control');

interface Controlled {
  readonly [CONTROL]?: SchedulerProbe;
}

/**
 * The wake-up protocol's one reader: the probe controlling `scheduler`, or undefined on a
 * production host. Every core primitive asks this, and nothing else.
 */
export function probeOf(scheduler: Scheduler | undefined): SchedulerProbe | undefined {
  return (scheduler as Controlled | undefined)?.[CONTROL];
}

/**
 * Puts `scheduler` under `probe`'s control: core then reports every suspension and finished
 * task to the probe and routes every resumption through a Runnable. For hosts that control
 * every wake-up (the simulator); production hosts never call it.
 */
export function attachProbe(scheduler: Scheduler, probe: SchedulerProbe): void {
  if (probeOf(scheduler) !== undefined) {
    throw new InvalidArgumentError('scheduler', scheduler, 'a scheduler that is not under control yet');
  }
  Object.defineProperty(scheduler, CONTROL, { value: probe, enumerable: false });
}

/**
 * Gives `wrapper`, a scheduler that delegates to `inner`, the control of `inner`, so tasks
 * spawned on the wrapper stay controlled. A controlling host rejects tasks spawned on a wrapper
 * that did not do this, instead of silently losing control of them.
 *
 * @example
 * ```ts
 * import { spawn, type Runnable, type Scheduler, type Timer, type TimerHandle } from '@sched/core';
 * import { forwardControl } from '@sched/core/host';
 * import { Simulator } from '@sched/sim';
 *
 * // Implements Scheduler by calling `inner`, logging each dispatch.
 * class LoggingScheduler implements Scheduler {
 *   readonly log: string[] = [];
 *   constructor(private readonly inner: Scheduler) {}
 *   dispatchForeground(runnable: Runnable): void { this.log.push(runnable.kind); this.inner.dispatchForeground(runnable); }
 *   dispatchBackground(runnable: Runnable): void { this.log.push(runnable.kind); this.inner.dispatchBackground(runnable); }
 *   dispatchAfter(ms: number, runnable: Runnable): TimerHandle { return this.inner.dispatchAfter(ms, runnable); }
 *   timer(ms: number, signal?: AbortSignal): Timer { return this.inner.timer(ms, signal); }
 *   now(): number { return this.inner.now(); }
 *   isMainThread(): boolean { return this.inner.isMainThread(); }
 * }
 *
 * const sim = new Simulator({ seed: 1 });
 * const logging = new LoggingScheduler(sim);
 * forwardControl(logging, sim); // without it, the simulator refuses tasks spawned on `logging`
 * const task = spawn(logging, async () => 'done');
 * await sim.runUntilIdle();
 * console.log(await task, logging.log); // done [ 'start' ]
 * ```
 */
export function forwardControl(wrapper: Scheduler, inner: Scheduler): void {
  const probe = probeOf(inner);
  if (probe !== undefined) attachProbe(wrapper, probe);
}
