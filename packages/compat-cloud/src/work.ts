import { InvalidArgumentError, type Scheduler, type Session, spawn, type Task, type TaskBody } from '@sched/core';
import { isThenable } from '@sched/core/host';

/** Work handed to `waitUntil` or `blockOn`: an async function (started as a task) or a promise. */
export type Work<T> = TaskBody<T> | PromiseLike<T>;

/**
 * Starts `work` as a task of `session` on the background lane; with `delayMs`, the work starts
 * only after that delay (the seed's deterministic delay before `wait_until` work).
 */
export function startWork<T>(
  scheduler: Scheduler,
  session: Session | undefined,
  work: Work<T>,
  label: string,
  delayMs = 0,
): Task<T> {
  const body = bodyOf(work);
  return spawn(
    scheduler,
    async (ctx) => {
      if (delayMs > 0) await ctx.sleep(delayMs);
      return body(ctx);
    },
    { lane: 'background', label, session },
  );
}

function bodyOf<T>(work: Work<T>): TaskBody<T> {
  if (typeof work === 'function') return work;
  if (isThenable(work)) return () => work;
  throw new InvalidArgumentError('work', work, 'an async function or a promise');
}
