import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Scheduler } from '../scheduler.js';

/**
 * Checks, at construction, that a sync primitive was given a scheduler: without this,
 * `new Channel()` (or `new Channel({ capacity: 1 })`) only failed at the first `send` or `recv`,
 * with `Cannot read properties of undefined`.
 */
export function checkScheduler(scheduler: unknown, where: string): asserts scheduler is Scheduler {
  const candidate = scheduler as Partial<Scheduler> | null | undefined;
  if (
    (typeof candidate !== 'object' && typeof candidate !== 'function') ||
    candidate === null ||
    typeof candidate.dispatchForeground !== 'function' ||
    typeof candidate.dispatchBackground !== 'function'
  ) {
    throw new InvalidArgumentError(
      'scheduler',
      scheduler,
      `a Scheduler as the first argument of ${where} (the simulator, a NodeScheduler, or ctx.scheduler inside a task)`,
    );
  }
}
