import type { Lane, Runnable, TaskPriority } from '@sched/core';
import { RingQueue } from './ring-queue.js';

/** Three priorities times two lanes. */
const SLOTS = 6;

/**
 * Queue slot of a Runnable: priority rank first, then lane. Slot 0 is `user-blocking`
 * foreground, slot 5 is `background`-priority work on the background lane.
 * @internal
 */
export function slotOf(priority: TaskPriority, lane: Lane): number {
  const rank = priority === 'normal' ? 2 : priority === 'user-blocking' ? 0 : 4;
  return lane === 'foreground' ? rank : rank + 1;
}

/** The @sched priority whose work sits in `slot`. @internal */
export function priorityOfSlot(slot: number): TaskPriority {
  return slot < 2 ? 'user-blocking' : slot < 4 ? 'normal' : 'background';
}

/**
 * The ready queues of the page's main thread: one FIFO ring per (priority, lane) pair.
 *
 * Details: `shift` returns the front of the most urgent non-empty ring: priority first, then
 * foreground before background, then FIFO. `top` is the most urgent non-empty slot.
 * @internal
 */
export class LaneQueues {
  readonly #rings: RingQueue<Runnable>[] = [];
  #top = SLOTS;
  #size = 0;

  constructor() {
    for (let i = 0; i < SLOTS; i++) this.#rings.push(new RingQueue<Runnable>());
  }

  /** Number of queued Runnables. */
  get length(): number {
    return this.#size;
  }

  /** The most urgent non-empty slot, or 6 when every ring is empty. */
  get top(): number {
    if (this.#size === 0) return SLOTS;
    let top = this.#top;
    while ((this.#rings[top] as RingQueue<Runnable>).length === 0) top++;
    this.#top = top;
    return top;
  }

  /** Queues `runnable` in `slot` (see {@link slotOf}). */
  push(slot: number, runnable: Runnable): void {
    (this.#rings[slot] as RingQueue<Runnable>).push(runnable);
    this.#size++;
    if (slot < this.#top) this.#top = slot;
  }

  /** Removes and returns the most urgent Runnable, or `undefined` when every ring is empty. */
  shift(): Runnable | undefined {
    if (this.#size === 0) return undefined;
    const ring = this.#rings[this.top] as RingQueue<Runnable>;
    this.#size--;
    return ring.shift();
  }
}
