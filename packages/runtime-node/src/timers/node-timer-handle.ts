import type { Runnable, TimerHandle } from '@sched/core';

/** What a {@link NodeTimerHandle} needs from the queue that owns it. */
export interface TimerOwner {
  cancel(entry: NodeTimerHandle): boolean;
  setRef(entry: NodeTimerHandle, ref: boolean): void;
}

/**
 * One pending delayed dispatch, and the handle `NodeScheduler.dispatchAfter` returns: Node's
 * `TimerHandle` (with `ref`/`unref`). Formerly `TimerEntry`, a name `@sched/sim` also uses for
 * the entries of its own timer heap.
 *
 * When to use: keep it to cancel the dispatch, or to decide whether it keeps the process alive.
 *
 * Details: a ref'd timer holds the process open until it fires or is cancelled (like a
 * `setTimeout` handle); `unref()` lets the process exit while it is pending, `ref()` undoes that.
 * New timers follow the scheduler's `refTimers` option, which defaults to true.
 *
 * Gotchas: `cancel()` after the timer fired returns false and does nothing; the Runnable has
 * already been queued on its lane.
 */
export class NodeTimerHandle implements TimerHandle {
  /** Clock reading at which it fires, rounded up to a whole millisecond. */
  readonly deadline: number;
  /** @internal Insertion order, breaks deadline ties (FIFO). */
  readonly seq: number;
  /** @internal The Runnable to dispatch; cleared when it fires or is cancelled (= not pending). */
  runnable: Runnable | undefined;
  /** @internal Whether this timer holds the process open. */
  refed: boolean;
  readonly #owner: TimerOwner;

  constructor(owner: TimerOwner, deadline: number, seq: number, runnable: Runnable, ref: boolean) {
    this.#owner = owner;
    this.deadline = deadline;
    this.seq = seq;
    this.runnable = runnable;
    this.refed = ref;
  }

  /** True until it fires or is cancelled. */
  get isPending(): boolean {
    return this.runnable !== undefined;
  }

  /** Cancels the dispatch. Returns true if it had not fired yet. */
  cancel(): boolean {
    return this.#owner.cancel(this);
  }

  /** Keeps the process alive until this timer fires or is cancelled. Returns `this`. */
  ref(): this {
    this.#owner.setRef(this, true);
    return this;
  }

  /** Stops this timer from keeping the process alive (the default). Returns `this`. */
  unref(): this {
    this.#owner.setRef(this, false);
    return this;
  }

  /** True if this timer currently keeps the process alive. */
  hasRef(): boolean {
    return this.refed && this.runnable !== undefined;
  }
}
