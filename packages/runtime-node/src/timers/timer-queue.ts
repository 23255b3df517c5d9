import type { Runnable } from '@sched/core';
import { MinHeap } from '@sched/core/host';
import type { Clock } from '../clock.js';
import { NodeTimerHandle, type TimerOwner } from './node-timer-handle.js';
import { TimerList } from './timer-list.js';

function earlier(a: TimerList, b: TimerList): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

function notEmpty(list: TimerList): boolean {
  return list.stored > 0;
}

/**
 * Every pending delayed dispatch of one scheduler, behind a single native (libuv) timer.
 *
 * When to use: internal to `NodeScheduler`; exported for tests and for hosts built on Node.
 *
 * Details:
 * - Timers with the same delay share a {@link TimerList} in creation order (their deadlines are
 *   in order too), and the lists sit in a {@link MinHeap} keyed by their front timer's
 *   (deadline, sequence number). Creating a timer is a map lookup and an append (a heap insert,
 *   O(log lists), only for a new delay); firing pops the earliest front; equal deadlines fire in
 *   creation order (FIFO), across lists too.
 * - Deadlines are rounded up to whole milliseconds (the native timer's resolution): never early.
 * - Cancel is O(1): the entry is marked and left in place; marked entries are dropped when they
 *   reach a list's front, and everything is compacted in O(n) whenever they outnumber the
 *   pending timers, so memory stays within about twice the pending timers.
 * - Exactly one native `setTimeout` is armed, for the earliest deadline; it is re-armed only when a
 *   new timer becomes the earliest, or after firing. Cancelling never re-arms: the native timer
 *   fires, finds nothing due, and arms for the next deadline (or stays idle when none is pending).
 *   It is `ref`ed only while at least one pending timer is, so it never holds the process open on
 *   behalf of cancelled timers.
 *
 * Gotchas: the clock must be monotonic (it is by default). Due timers are handed to `onDue` in
 * deadline order, all in one native callback.
 */
export class TimerQueue implements TimerOwner {
  readonly #heap = new MinHeap<TimerList>(earlier);
  readonly #lists = new Map<number, TimerList>();
  readonly #clock: Clock;
  readonly #onDue: (runnable: Runnable) => void;
  #seq = 0;
  /** Pending (not fired, not cancelled) timers. */
  #live = 0;
  /** Entries held by the lists, cancelled ones included. */
  #stored = 0;
  #native: NodeJS.Timeout | undefined = undefined;
  #armedAt = Number.POSITIVE_INFINITY;
  #refCount = 0;
  readonly #fireBound: () => void;
  readonly #dropped = { count: 0 };
  /** A batch is running: timers created meanwhile are armed for when it ends. */
  #firing = false;
  /** Clock reading when the batch started: only timers due by then fire in it. */
  #batchNow = 0;
  /** Sequence number of the first timer created after the batch started. */
  #batchSeq = 0;

  constructor(clock: Clock, onDue: (runnable: Runnable) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
    this.#fireBound = () => this.#fire();
  }

  /** Number of pending timers. */
  get size(): number {
    return this.#live;
  }

  /** Number of pending timers that keep the process alive. */
  get refCount(): number {
    return this.#refCount;
  }

  /** Deadline the native timer is armed for (`Infinity` when none is armed). */
  get armedAt(): number {
    return this.#armedAt;
  }

  /** Entries held, cancelled ones not yet dropped included (for tests and diagnostics). */
  get stored(): number {
    return this.#stored;
  }

  /** Number of distinct delays currently holding timers (for tests and diagnostics). */
  get lists(): number {
    return this.#lists.size;
  }

  /** Queues `runnable` to be handed to `onDue` once `delayMs` has passed. `delayMs` must be checked. */
  schedule(delayMs: number, runnable: Runnable, ref: boolean): NodeTimerHandle {
    const now = this.#clock.now();
    const deadline = Math.ceil(now + delayMs);
    const entry = new NodeTimerHandle(this, deadline, this.#seq++, runnable, ref);
    const list = this.#lists.get(delayMs);
    if (list === undefined) {
      const created = new TimerList(delayMs, entry);
      this.#lists.set(delayMs, created);
      this.#heap.insert(created);
    } else {
      list.push(entry);
    }
    this.#live++;
    this.#stored++;
    if (ref && this.#refCount++ === 0) this.#native?.ref();
    if (deadline < this.#armedAt && !this.#firing) this.#arm(deadline, now);
    return entry;
  }

  /** Cancels `entry`. Returns true if it was pending. */
  cancel(entry: NodeTimerHandle): boolean {
    if (entry.runnable === undefined) return false;
    entry.runnable = undefined;
    if (entry.refed) this.#release();
    // The native timer stays armed (and unref'ed): it fires harmlessly, and a timer created soon
    // after (the create-then-cancel pattern) usually needs no re-arm.
    if (this.#stored > 2 * --this.#live + 32) this.#compact();
    return true;
  }

  /** @internal Changes whether a pending `entry` keeps the process alive. */
  setRef(entry: NodeTimerHandle, ref: boolean): void {
    if (entry.refed === ref) return;
    entry.refed = ref;
    if (entry.runnable === undefined) return;
    if (!ref) this.#release();
    else if (this.#refCount++ === 0) this.#native?.ref();
  }

  /** Cancels every pending timer and releases the native timer. */
  clear(): void {
    for (const list of this.#lists.values()) for (const entry of list.pending()) entry.runnable = undefined;
    this.#lists.clear();
    this.#heap.reset();
    this.#live = 0;
    this.#stored = 0;
    this.#refCount = 0;
    if (this.#native !== undefined) clearTimeout(this.#native);
    this.#native = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  #compact(): void {
    for (const list of this.#lists.values()) {
      this.#stored -= list.compact();
      if (list.stored === 0) this.#lists.delete(list.delay);
    }
    this.#heap.retain(notEmpty);
  }

  #release(): void {
    if (--this.#refCount === 0) this.#native?.unref();
  }

  #arm(deadline: number, now: number): void {
    if (this.#native !== undefined) clearTimeout(this.#native);
    const native = setTimeout(this.#fireBound, Math.max(1, Math.ceil(deadline - now)));
    if (this.#refCount === 0) native.unref();
    this.#native = native;
    this.#armedAt = deadline;
  }

  /**
   * The native timer fired: runs every timer due now and created before now, back to back in
   * (deadline, creation) order, then arms the native timer for the next deadline. A timer created
   * or cancelled by one of them is seen by the next step (a new one waits for a later callback).
   */
  #fire(): void {
    this.#native = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    this.#batchNow = this.#clock.now();
    this.#batchSeq = this.#seq;
    this.#firing = true;
    try {
      for (let entry = this.#nextDue(); entry !== undefined; entry = this.#nextDue()) {
        this.#take(entry);
        const runnable = entry.runnable as Runnable;
        entry.runnable = undefined;
        this.#onDue(runnable);
      }
    } finally {
      this.#firing = false;
      const next = this.#heap.peek();
      if (next !== undefined) this.#arm(next.deadline, this.#clock.now());
    }
  }

  #take(entry: NodeTimerHandle): void {
    const list = this.#heap.peek() as TimerList;
    list.shift();
    this.#stored--;
    this.#live--;
    if (entry.refed) this.#release();
    if (list.stored === 0) {
      this.#heap.pop();
      this.#lists.delete(list.delay);
    }
  }

  /**
   * The batch's earliest pending timer if it is due (deadline at or before the batch's start, and
   * created before it), dropping cancelled entries on the way; `undefined` otherwise.
   */
  #nextDue(): NodeTimerHandle | undefined {
    const heap = this.#heap;
    const dropped = this.#dropped;
    for (let list = heap.peek(); list !== undefined; list = heap.peek()) {
      const deadline = list.deadline;
      const seq = list.seq;
      dropped.count = 0;
      const entry = list.front(dropped);
      this.#stored -= dropped.count;
      if (entry === undefined) {
        heap.pop();
        this.#lists.delete(list.delay);
        continue;
      }
      if (entry.deadline !== deadline || entry.seq !== seq) {
        // Re-keyed to a later entry: let the heap decide again which list is the earliest.
        heap.update(list);
        if (heap.peek() !== list) continue;
      }
      return entry.deadline <= this.#batchNow && entry.seq < this.#batchSeq ? entry : undefined;
    }
    return undefined;
  }
}
