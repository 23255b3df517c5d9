import type { Runnable } from '@sched/core';
import { type HeapItem, MinHeap } from '@sched/core/host';
import type { Clock } from '../clock.js';
import type { BrowserTimerHandle } from './browser-timer-handle.js';

/** One pending timer: fires at `deadline`; `seq` breaks ties in creation order. */
interface QueuedTimer extends HeapItem {
  readonly deadline: number;
  readonly seq: number;
  readonly runnable: Runnable;
}

function before(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/**
 * Every pending timer of one scheduler behind one native `setTimeout`, armed for the earliest
 * deadline. When nothing is pending, no native timer is held.
 *
 * Details: a due timer's Runnable is handed to `fire` (which queues it on its lane), equal
 * deadlines in creation order. The native timer is re-armed only when the earliest deadline
 * moves earlier, or after it fired; a cancelled timer leaves the heap at once (O(log n), core's
 * `MinHeap`), and the native timer is cleared as soon as the last pending timer is cancelled.
 * @internal
 */
export class TimerQueue {
  readonly #clock: Clock;
  readonly #fire: (runnable: Runnable) => void;
  readonly #heap = new MinHeap<QueuedTimer>(before);
  readonly #onNative: () => void;
  #seq = 0;
  #native: ReturnType<typeof setTimeout> | undefined = undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  constructor(clock: Clock, fire: (runnable: Runnable) => void) {
    this.#clock = clock;
    this.#fire = fire;
    this.#onNative = () => this.#onTimeout();
  }

  /** Number of pending (not fired, not cancelled) timers. */
  get size(): number {
    return this.#heap.size;
  }

  /** True while a native timer is armed. */
  get holdsNativeTimer(): boolean {
    return this.#native !== undefined;
  }

  schedule(delayMs: number, runnable: Runnable): BrowserTimerHandle {
    const entry: QueuedTimer = { heapIndex: -1, deadline: this.#clock.now() + delayMs, seq: this.#seq++, runnable };
    this.#heap.insert(entry);
    if (entry.deadline < this.#armedFor) this.#arm(entry.deadline);
    return {
      deadline: entry.deadline,
      cancel: () => this.#cancel(entry),
    };
  }

  /** Cancels every pending timer and releases the native timer. */
  clear(): void {
    this.#heap.clear();
    this.#disarm();
  }

  #cancel(entry: QueuedTimer): boolean {
    if (!this.#heap.remove(entry)) return false;
    if (this.#heap.size === 0) this.#disarm();
    return true;
  }

  #onTimeout(): void {
    this.#native = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.#clock.now();
    const heap = this.#heap;
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      if (top.deadline > now) {
        this.#arm(top.deadline);
        return;
      }
      heap.pop();
      this.#fire(top.runnable);
    }
  }

  #arm(deadline: number): void {
    this.#disarm();
    this.#armedFor = deadline;
    // Rounded up so a timer never fires before its deadline on the scheduler's clock.
    this.#native = setTimeout(this.#onNative, Math.max(0, Math.ceil(deadline - this.#clock.now())));
  }

  #disarm(): void {
    if (this.#native !== undefined) clearTimeout(this.#native);
    this.#native = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }
}
