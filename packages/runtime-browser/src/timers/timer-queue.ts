import type { Runnable } from '@sched/core';
import type { Clock } from '../clock.js';
import type { BrowserTimerHandle } from './browser-timer-handle.js';
import { type TimerEntry, TimerHeap } from './timer-heap.js';

interface QueuedTimer extends TimerEntry {
  readonly runnable: Runnable;
}

/**
 * Every pending timer of one scheduler behind one native `setTimeout`, armed for the earliest
 * deadline. When nothing is pending, no native timer is held.
 *
 * Details: a due timer's Runnable is handed to `fire` (which queues it on its lane), equal
 * deadlines in creation order. The native timer is re-armed only when the earliest deadline
 * moves earlier, or after it fired; a cancelled timer is dropped lazily when it reaches the top,
 * and the native timer is cleared as soon as the last live timer is cancelled.
 * @internal
 */
export class TimerQueue {
  readonly #clock: Clock;
  readonly #fire: (runnable: Runnable) => void;
  readonly #heap = new TimerHeap<QueuedTimer>();
  readonly #onNative: () => void;
  #seq = 0;
  #live = 0;
  #native: ReturnType<typeof setTimeout> | undefined = undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  constructor(clock: Clock, fire: (runnable: Runnable) => void) {
    this.#clock = clock;
    this.#fire = fire;
    this.#onNative = () => this.#onTimeout();
  }

  /** Number of pending (not fired, not cancelled) timers. */
  get size(): number {
    return this.#live;
  }

  /** True while a native timer is armed. */
  get holdsNativeTimer(): boolean {
    return this.#native !== undefined;
  }

  schedule(delayMs: number, runnable: Runnable): BrowserTimerHandle {
    const entry: QueuedTimer = { deadline: this.#clock.now() + delayMs, seq: this.#seq++, live: true, runnable };
    this.#heap.push(entry);
    this.#live++;
    if (entry.deadline < this.#armedFor) this.#arm(entry.deadline);
    return {
      deadline: entry.deadline,
      cancel: () => this.#cancel(entry),
    };
  }

  /** Cancels every pending timer and releases the native timer. */
  clear(): void {
    for (let entry = this.#heap.pop(); entry !== undefined; entry = this.#heap.pop()) entry.live = false;
    this.#live = 0;
    this.#disarm();
  }

  #cancel(entry: QueuedTimer): boolean {
    if (!entry.live) return false;
    entry.live = false;
    if (--this.#live === 0) {
      this.#heap.clear();
      this.#disarm();
    }
    return true;
  }

  #onTimeout(): void {
    this.#native = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.#clock.now();
    const heap = this.#heap;
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      if (!top.live) {
        heap.pop();
        continue;
      }
      if (top.deadline > now) {
        this.#arm(top.deadline);
        return;
      }
      heap.pop();
      top.live = false;
      this.#live--;
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
