import type { Runnable } from '@sched/core';
import type { Candidates, DecisionSource } from '../decisions/decision-source.js';
import { Fifo } from './fifo.js';
import type { ReadySet } from './ready-set.js';

/**
 * Randomized order. By default every ready Runnable is a candidate, foreground or background
 * ("in tests, foreground == background"), so the natural code explores its interleavings. With
 * `foregroundFifo`, foreground work of one session stays FIFO (the way one main thread behaves,
 * Zed's rule): the candidates are then the head of each session's foreground queue plus every
 * background Runnable. Choosing candidate 0 every time gives plain FIFO order, so an exhausted
 * or all-zero schedule is the "default" order. Priorities are not used here: exploring orders a
 * production host would rarely produce is the point.
 */
export class RandomReadySet implements ReadySet, Candidates {
  readonly #foregroundFifo: boolean;
  /** Per-session foreground queues (with `foregroundFifo` only; created on first use). */
  #foreground: Map<number, Fifo<Runnable>> | undefined = undefined;
  /** Non-empty foreground queues, in the order they became non-empty. */
  readonly #active: Fifo<Runnable>[] = [];
  /** Background Runnables live in `#background[#bgHead..]`, oldest first. */
  #background: (Runnable | undefined)[] = [];
  #bgHead = 0;
  #size = 0;
  constructor(options: { readonly foregroundFifo?: boolean } = {}) {
    this.#foregroundFifo = options.foregroundFifo ?? false;
  }

  /**
   * What a source sees of the candidates of a pick: choice `index` → the Runnable it would run.
   * The set is its own {@link Candidates}, so a simulator per seed allocates no view for it.
   */
  at(index: number): Runnable {
    const active = this.#active;
    return index < active.length
      ? ((active[index] as Fifo<Runnable>).peek() as Runnable)
      : (this.#background[this.#bgHead + index - active.length] as Runnable);
  }

  get size(): number {
    return this.#size;
  }

  push(runnable: Runnable): void {
    this.#size++;
    if (!this.#foregroundFifo || runnable.task.lane === 'background') {
      this.#background.push(runnable);
      return;
    }
    const key = runnable.task.sessionId ?? 0;
    const foreground = (this.#foreground ??= new Map<number, Fifo<Runnable>>());
    let queue = foreground.get(key);
    if (queue === undefined) {
      queue = new Fifo<Runnable>();
      foreground.set(key, queue);
    }
    if (queue.size === 0) this.#active.push(queue);
    queue.push(runnable);
  }

  pick(source: DecisionSource): Runnable | undefined {
    const count = this.#active.length + this.#background.length - this.#bgHead;
    if (count === 0) return undefined;
    const index = count === 1 ? 0 : source.choose(count, this);
    this.#size--;
    if (index < this.#active.length) {
      const queue = this.#active[index] as Fifo<Runnable>;
      const runnable = queue.shift() as Runnable;
      if (queue.size === 0) {
        this.#active.splice(index, 1);
        // Sessions come and go: drop the emptied queue so the map does not grow forever.
        this.#foreground?.delete(runnable.task.sessionId ?? 0);
      }
      return runnable;
    }
    // O(1): the pick trades places with the oldest, which then leaves. Choice 0 is plain FIFO.
    const bg = this.#background;
    const head = this.#bgHead;
    const at = head + index - this.#active.length;
    const runnable = bg[at] as Runnable;
    bg[at] = bg[head];
    bg[head] = undefined;
    this.#bgHead = head + 1;
    if (this.#bgHead === bg.length) {
      this.#background = [];
      this.#bgHead = 0;
    } else if (this.#bgHead > 1024 && this.#bgHead * 2 > bg.length) {
      this.#background = bg.slice(this.#bgHead);
      this.#bgHead = 0;
    }
    return runnable;
  }

  runnables(): Runnable[] {
    const all: Runnable[] = [];
    for (const queue of this.#active) all.push(...queue);
    for (let i = this.#bgHead; i < this.#background.length; i++) all.push(this.#background[i] as Runnable);
    return all;
  }
}
