import type { Scheduler } from '@sched/core';
import { checkDelay } from '@sched/core/host';
import { BlockInRunError } from '../errors/block-in-run-error.js';
import { ParkingForbiddenError } from '../errors/parking-forbidden-error.js';
import { TestControl } from './test-control.js';
import { type TestHost, testHostOf } from './test-host.js';

/** What `blockWithTimeout` resolves to: the value, or the still-pending work on timeout. */
export type BlockResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly pending: PromiseLike<T> };

type Settlement<T> = { done: false } | { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown };

/** Microtask turns allowed for an outside promise chain to settle once the simulation is idle. */
const SETTLE_TURNS = 16;

/**
 * GPUI's blocking loop on a simulated host: step until `target` settles, jumping the clock to the
 * next timer when nothing is ready. `budget` is a number of steps (GPUI's tick budget, not wall
 * time); undefined means no budget. When nothing can run and `target` is still pending, parking
 * forbidden fails with the pending tasks, parking allowed waits for `target` for real.
 */
export async function blockOn<T>(
  host: TestHost,
  control: TestControl,
  target: PromiseLike<T>,
  budget: number | undefined,
  method: string,
): Promise<BlockResult<T>> {
  if (host.running) throw new BlockInRunError(method);
  let state: Settlement<T> = { done: false };
  // Settles (never rejects) once `target` has, after recording how.
  const settled = Promise.resolve(target).then(
    (value) => void (state = { done: true, ok: true, value }),
    (error: unknown) => void (state = { done: true, ok: false, error }),
  );
  let ticks = 0;
  await settle(() => state.done);
  while (!state.done) {
    if (budget !== undefined && ticks >= budget) return { ok: false, pending: target };
    if (await host.step({ autoAdvance: true })) {
      ticks++;
      continue;
    }
    await settle(() => state.done);
    if (state.done) break;
    if (!control.parkingAllowed) throw new ParkingForbiddenError(host.liveTasks());
    // Parking allowed: the work waits on something outside the simulation (real I/O).
    await settled;
    await settle(() => state.done);
  }
  const done = state as Settlement<T>;
  if (done.done && !done.ok) throw done.error;
  return { ok: true, value: (done as { value: T }).value };
}

async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < SETTLE_TURNS && !done(); i++) await null;
}

/** GPUI's `block`: steps a simulated host until `target` settles; a production host awaits it. */
export async function block<T>(scheduler: Scheduler, target: PromiseLike<T>): Promise<T> {
  const host = testHostOf(scheduler);
  if (host === undefined) return await target;
  const result = await blockOn(host, TestControl.of(host), target, undefined, 'block');
  return (result as { readonly value: T }).value;
}

/** GPUI's `block_with_timeout`: a step budget on a simulated host, real time on a production one. */
export async function blockWithTimeout<T>(
  scheduler: Scheduler,
  timeoutMs: number,
  target: PromiseLike<T>,
): Promise<BlockResult<T>> {
  checkDelay(timeoutMs, 'timeoutMs');
  const host = testHostOf(scheduler);
  if (host === undefined) return raceTimer(scheduler, timeoutMs, target);
  const control = TestControl.of(host);
  const budget = host.delay(control.blockTicks[0], control.blockTicks[1]);
  return blockOn(host, control, target, budget, 'blockWithTimeout');
}

async function raceTimer<T>(scheduler: Scheduler, timeoutMs: number, target: PromiseLike<T>): Promise<BlockResult<T>> {
  const timer = scheduler.timer(timeoutMs);
  const timedOut = Symbol('timeout');
  try {
    // A cancelled timer rejects: that branch has lost the race by then.
    const winner = await Promise.race([
      target,
      timer.then(
        () => timedOut,
        () => undefined,
      ),
    ]);
    return winner === timedOut ? { ok: false, pending: target } : { ok: true, value: winner as T };
  } finally {
    timer.cancel();
  }
}
