import type { HeapItem } from '@sched/core/host';
import type { NodeTimerHandle } from './node-timer-handle.js';

/** Past this many consumed slots (and half the array), a list drops its consumed prefix. */
const COMPACT_HEAD = 1024;

/**
 * The pending timers that share one delay, in creation order. Since the clock only moves
 * forward, their deadlines are in order too, so the list's front is its earliest timer and a new
 * timer is appended in O(1).
 *
 * Details: the list is keyed in the timer heap by its front's (deadline, seq). Cancelled timers
 * stay in place until they reach the front or the queue compacts; so the key can be earlier than
 * the first pending timer (the native timer then wakes early and finds nothing due), never later.
 * @internal
 */
export class TimerList implements HeapItem {
  heapIndex = -1;
  /** The delay every timer of this list was created with. */
  readonly delay: number;
  /** Heap key: deadline and seq of the front entry when the list was last keyed. */
  deadline: number;
  seq: number;
  #entries: (NodeTimerHandle | undefined)[] = [];
  #head = 0;

  constructor(delay: number, first: NodeTimerHandle) {
    this.delay = delay;
    this.deadline = first.deadline;
    this.seq = first.seq;
    this.#entries.push(first);
  }

  /** Number of stored entries, cancelled ones included. */
  get stored(): number {
    return this.#entries.length - this.#head;
  }

  push(entry: NodeTimerHandle): void {
    this.#entries.push(entry);
  }

  /**
   * Drops cancelled entries from the front and returns the first pending one (re-keying the
   * list to it), or `undefined` when none is left. Reports how many were dropped to `dropped`.
   */
  front(dropped: { count: number }): NodeTimerHandle | undefined {
    const entries = this.#entries;
    let head = this.#head;
    while (head < entries.length) {
      const entry = entries[head] as NodeTimerHandle;
      if (entry.runnable !== undefined) {
        this.#setHead(head);
        this.deadline = entry.deadline;
        this.seq = entry.seq;
        return entry;
      }
      entries[head] = undefined;
      head++;
      dropped.count++;
    }
    this.#setHead(head);
    return undefined;
  }

  /** Removes the front entry (just returned by `front`). */
  shift(): void {
    this.#entries[this.#head] = undefined;
    this.#setHead(this.#head + 1);
  }

  /** Keeps only pending entries. Returns how many were dropped. */
  compact(): number {
    const pending: NodeTimerHandle[] = [];
    const entries = this.#entries;
    for (let i = this.#head; i < entries.length; i++) {
      const entry = entries[i] as NodeTimerHandle;
      if (entry.runnable !== undefined) pending.push(entry);
    }
    const dropped = entries.length - this.#head - pending.length;
    this.#entries = pending;
    this.#head = 0;
    const first = pending[0];
    if (first !== undefined) {
      this.deadline = first.deadline;
      this.seq = first.seq;
    }
    return dropped;
  }

  /** Every stored entry still pending, in order (for `clear`). */
  pending(): NodeTimerHandle[] {
    const out: NodeTimerHandle[] = [];
    for (let i = this.#head; i < this.#entries.length; i++) {
      const entry = this.#entries[i] as NodeTimerHandle;
      if (entry.runnable !== undefined) out.push(entry);
    }
    return out;
  }

  #setHead(head: number): void {
    const entries = this.#entries;
    if (head === entries.length) {
      entries.length = 0;
      this.#head = 0;
    } else if (head > COMPACT_HEAD && head * 2 > entries.length) {
      this.#entries = entries.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
  }
}
