import { PRIORITIES, priorityRank, type TaskPriority } from '../priority.js';
import type { Runnable } from '../runnable.js';
import type { Lane } from '../task/task-info.js';
import { RingQueue } from './ring-queue.js';

/** Number of queues: three priorities times two lanes. */
const SLOTS = 6;

/**
 * Queue slot of a Runnable: priority rank first, then lane. Slot 0 is `user-blocking`
 * foreground, slot 5 is `background`-priority work on the background lane.
 */
export function slotOf(priority: TaskPriority, lane: Lane): number {
  const slot = priorityRank(priority) * 2;
  return lane === 'foreground' ? slot : slot + 1;
}

/** The priority whose work sits in `slot` (the inverse of {@link slotOf} for the priority). */
export function priorityOfSlot(slot: number): TaskPriority {
  return PRIORITIES[slot >> 1] as TaskPriority;
}

/**
 * The ready queues of one thread: one FIFO ring per (priority, lane) pair.
 *
 * When to use: the ready queues of a host scheduler (`NodeScheduler`, `BrowserScheduler`).
 *
 * Details: `shift` returns the front of the most urgent non-empty queue. Order is priority
 * first (`user-blocking` before `normal` before `background`), then lane (foreground before
 * background at the same priority), then FIFO. `#top` is a lower bound on the first non-empty
 * slot, so a dispatch is O(1) and finding the next Runnable touches only slots that can hold one.
 *
 * Gotchas: strict priority: a steady stream of urgent work delays less urgent work for as long as
 * the stream lasts (the host yields to its event loop between slices, so I/O and input are not
 * starved).
 */
export class LaneQueues {
  readonly #queues: RingQueue<Runnable>[] = [];
  #top = SLOTS;
  #size = 0;

  constructor() {
    for (let i = 0; i < SLOTS; i++) this.#queues.push(new RingQueue<Runnable>());
  }

  /** Number of queued Runnables across all slots. */
  get length(): number {
    return this.#size;
  }

  /** The most urgent non-empty slot, or 6 when every queue is empty. */
  get top(): number {
    if (this.#size === 0) return SLOTS;
    let top = this.#top;
    while ((this.#queues[top] as RingQueue<Runnable>).length === 0) top++;
    this.#top = top;
    return top;
  }

  /** Queues `runnable` in `slot` (see {@link slotOf}). */
  push(slot: number, runnable: Runnable): void {
    (this.#queues[slot] as RingQueue<Runnable>).push(runnable);
    this.#size++;
    if (slot < this.#top) this.#top = slot;
  }

  /** Removes and returns the most urgent Runnable, or `undefined` when every queue is empty. */
  shift(): Runnable | undefined {
    if (this.#size === 0) return undefined;
    let top = this.#top;
    let queue = this.#queues[top] as RingQueue<Runnable>;
    while (queue.length === 0) queue = this.#queues[++top] as RingQueue<Runnable>;
    this.#top = top;
    this.#size--;
    return queue.shift();
  }
}
