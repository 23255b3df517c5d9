import { type Scheduler, spawn, Task, type TaskBody, yieldNow } from '@sched/core';
import { checkDelay } from '@sched/core/host';
import { NotTestHostError } from './errors/not-test-host-error.js';
import { type BlockResult, block, blockWithTimeout } from './test-control/block.js';
import { TestControl } from './test-control/test-control.js';
import { type TestHost, testHostOf } from './test-control/test-host.js';
import { TestRng } from './test-control/test-rng.js';

/**
 * GPUI's `BackgroundExecutor` over any `@sched` host: `spawn`, `spawnLabeled` and `timer` work
 * everywhere; the test-control methods (`runUntilParked`, `advanceClock`, `tick`, …) need a
 * simulated host (`@sched/sim`'s `Simulator`) and throw {@link NotTestHostError} elsewhere.
 *
 * @example
 * ```ts
 * import { BackgroundExecutor } from '@sched/compat-gpui';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const executor = new BackgroundExecutor(threadScheduler());
 * const sum = executor.spawn(async () => 20 + 22);
 * await executor.timer(5);
 * console.log(await sum); // 42
 * ```
 */
export class BackgroundExecutor {
  /** The host this executor dispatches to. */
  readonly scheduler: Scheduler;
  readonly #host: TestHost | undefined;

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
    this.#host = testHostOf(scheduler);
  }

  /** Spawns `body` on the background lane (GPUI: `spawn(future)`). */
  spawn<T>(body: TaskBody<T>): Task<T> {
    return spawn(this.scheduler, body, { lane: 'background' });
  }

  /**
   * Spawns `body` on the background lane with a label for test control (GPUI: `spawn_labeled`).
   * On a simulated host, a task whose label was passed to {@link BackgroundExecutor.deprioritize}
   * starts only when no other (not deprioritized) work is ready, like GPUI's
   * `deprioritized_background` queue; once started it competes like any task.
   */
  spawnLabeled<T>(label: string, body: TaskBody<T>): Task<T> {
    const host = this.#host;
    if (host === undefined) return spawn(this.scheduler, body, { lane: 'background', label });
    const control = TestControl.of(host);
    return spawn(
      this.scheduler,
      async (ctx) => {
        while (control.isDeprioritized(label) && othersReady(host, control)) await ctx.yieldNow();
        return body(ctx);
      },
      { lane: 'background', label },
    );
  }

  /** A task that completes after `delayMs` (GPUI: `timer(duration)`; zero is an already finished task). */
  timer(delayMs: number): Task<void> {
    if (checkDelay(delayMs) === 0) return Task.ready(undefined);
    return spawn(this.scheduler, (ctx) => ctx.sleep(delayMs), { lane: 'background', label: 'timer' });
  }

  /** The host's clock, in ms. */
  now(): number {
    return this.scheduler.now();
  }

  /** True on the main thread (in a simulation: always). */
  isMainThread(): boolean {
    return this.scheduler.isMainThread();
  }

  // ---- Blocking -----------------------------------------------------------------------------

  /**
   * GPUI's `block(future)`. On a simulated host it steps the simulation until `target` settles;
   * if nothing can run before that, it throws `ParkingForbiddenError` (parking is forbidden by
   * default). On a production host a thread cannot block in JavaScript, so it awaits `target`.
   */
  block<T>(target: PromiseLike<T>): Promise<T> {
    return block(this.scheduler, target);
  }

  /**
   * GPUI's `block_with_timeout(duration, future)`. On a simulated host the timeout is a budget of
   * steps drawn from the tick range (default 0..=1000, see {@link BackgroundExecutor.setBlockOnTicks}),
   * not wall time, as in GPUI; `timeoutMs` is only checked. On a production host it is real time.
   * Resolves `{ ok: false, pending }` on timeout, so the caller keeps the work.
   */
  blockWithTimeout<T>(timeoutMs: number, target: PromiseLike<T>): Promise<BlockResult<T>> {
    return blockWithTimeout(this.scheduler, timeoutMs, target);
  }

  // ---- Test control -------------------------------------------------------------------------

  /** Runs every task that can run, without advancing the clock (GPUI: `run_until_parked`). */
  runUntilParked(): Promise<void> {
    return this.#test('runUntilParked').runUntilIdle({ autoAdvance: false });
  }

  /**
   * Advances the clock by `ms`, firing timers in deadline order and running the tasks they wake
   * between them (GPUI: `advance_clock`).
   */
  advanceClock(ms: number): Promise<void> {
    return this.#test('advanceClock').advanceTime(checkDelay(ms, 'ms'));
  }

  /** One step: fires due timers or runs one Runnable; false if nothing was ready (GPUI: `tick`). */
  tick(): Promise<boolean> {
    return this.#test('tick').step({ autoAdvance: false });
  }

  /**
   * GPUI's `simulate_random_delay()`: from inside a task, yields to the scheduler N times, with N
   * in 0..10 (0 to 9) drawn as one decision, GPUI's own distribution, so GPUI-style tests keep it.
   */
  async simulateRandomDelay(): Promise<void> {
    const host = this.#test('simulateRandomDelay');
    const n = host.delay(0, 9);
    for (let i = 0; i < n; i++) await yieldNow(host);
  }

  /** Forbids parking (the default): a blocking call that can make no progress throws. */
  forbidParking(): void {
    TestControl.of(this.#test('forbidParking')).parkingAllowed = false;
  }

  /** Allows parking: a blocking call that can make no progress waits for real (real I/O in tests). */
  allowParking(): void {
    TestControl.of(this.#test('allowParking')).parkingAllowed = true;
  }

  /** Sets the range `[min, max]` of the step budget of {@link BackgroundExecutor.blockWithTimeout}. */
  setBlockOnTicks(min: number, max: number): void {
    TestControl.of(this.#test('setBlockOnTicks')).setBlockTicks(min, max);
  }

  /** The shared test generator: every draw is a recorded decision (GPUI: `rng()`). */
  rng(): TestRng {
    return new TestRng(this.#test('rng'));
  }

  /** Tasks spawned with this label start only when nothing else is ready (GPUI: `deprioritize`). */
  deprioritize(label: string): void {
    TestControl.of(this.#test('deprioritize')).deprioritized.add(label);
  }

  #test(method: string): TestHost {
    if (this.#host === undefined) throw new NotTestHostError(method);
    return this.#host;
  }
}

function othersReady(host: TestHost, control: TestControl): boolean {
  return host.readyTasks().some((task) => !control.isDeprioritized(task.label));
}
