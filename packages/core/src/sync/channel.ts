import { Completion } from '../control/completion.js';
import { probeOf } from '../control/control.js';
import { ChannelClosedError } from '../errors/channel-closed-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Scheduler } from '../scheduler.js';
import { abortable } from './abortable-wait.js';
import { checkScheduler } from './check-scheduler.js';

/**
 * A FIFO channel whose every wake-up goes through the scheduler, so under the simulator each
 * send and receive is an interleaving point the simulator controls.
 *
 * `capacity` bounds the buffer (default: unbounded); `send` waits while it is full. `recv`
 * waits while it is empty and rejects with {@link ChannelClosedError} once the channel is
 * closed and drained. `for await (const v of channel)` ends at close.
 *
 * @example
 * ```ts
 * import { Channel, spawn } from '@sched/core';
 * import { threadScheduler } from '@sched/runtime-node';
 *
 * const scheduler = threadScheduler();
 * const ch = new Channel<number>(scheduler, { capacity: 1 });
 * spawn(scheduler, async () => { await ch.send(1); ch.close(); }).detach();
 * for await (const v of ch) console.log(v); // 1
 * ```
 */
export class Channel<T> implements AsyncIterable<T> {
  readonly #scheduler: Scheduler;
  readonly #capacity: number;
  readonly #buffer: T[] = [];
  readonly #receivers: Completion<T>[] = [];
  readonly #senders: Array<{ value: T; done: Completion<void> }> = [];
  #closed = false;

  constructor(scheduler: Scheduler, options?: { readonly capacity?: number }) {
    checkScheduler(scheduler, 'new Channel(scheduler, options?)');
    const capacity = options?.capacity ?? Number.POSITIVE_INFINITY;
    if (!(capacity === Number.POSITIVE_INFINITY || (Number.isInteger(capacity) && capacity > 0))) {
      throw new InvalidArgumentError('capacity', capacity, 'a positive integer or Infinity');
    }
    this.#scheduler = scheduler;
    this.#capacity = capacity;
  }

  /** Number of buffered values. */
  get size(): number {
    return this.#buffer.length;
  }

  /** True after `close()`. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Sends a value; resolves once it is buffered or handed to a receiver. If `signal` aborts
   * while the send waits for room, the value is withdrawn (never delivered) and the send rejects
   * with the signal's reason.
   */
  send(value: T, signal?: AbortSignal): PromiseLike<void> {
    probeOf(this.#scheduler)?.access?.(this, 'write');
    const done = new Completion<void>(this.#scheduler);
    if (signal?.aborted) {
      done.reject(signal.reason);
    } else if (this.#closed) {
      done.reject(new ChannelClosedError());
    } else if (this.#deliver(value)) {
      done.resolve();
    } else {
      const sender = { value, done };
      this.#senders.push(sender);
      abortable(done, signal, () => removeItem(this.#senders, sender));
    }
    return done;
  }

  /**
   * Receives the next value, waiting if none is buffered. If `signal` aborts while it waits,
   * the receiver leaves the queue (so no value is taken and lost) and the call rejects with the
   * signal's reason. Pass `ctx.signal` inside a task.
   */
  recv(signal?: AbortSignal): PromiseLike<T> {
    probeOf(this.#scheduler)?.access?.(this, 'read');
    const result = new Completion<T>(this.#scheduler);
    if (signal?.aborted) {
      result.reject(signal.reason);
      return result;
    }
    const value = this.#take();
    if (value !== NOTHING) result.resolve(value as T);
    else if (this.#closed) result.reject(new ChannelClosedError());
    else {
      this.#receivers.push(result);
      abortable(result, signal, () => removeItem(this.#receivers, result));
    }
    return result;
  }

  /** Closes the channel. Buffered values can still be received; pending receivers reject. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const receiver of this.#receivers.splice(0)) receiver.reject(new ChannelClosedError());
    for (const sender of this.#senders.splice(0)) sender.done.reject(new ChannelClosedError());
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      try {
        yield await this.recv();
      } catch (error) {
        if (error instanceof ChannelClosedError) return;
        throw error;
      }
    }
  }

  #deliver(value: T): boolean {
    const receiver = this.#receivers.shift();
    if (receiver !== undefined) {
      receiver.resolve(value);
      return true;
    }
    if (this.#buffer.length < this.#capacity) {
      this.#buffer.push(value);
      return true;
    }
    return false;
  }

  #take(): T | typeof NOTHING {
    if (this.#buffer.length === 0) return NOTHING;
    const value = this.#buffer.shift() as T;
    const sender = this.#senders.shift();
    if (sender !== undefined) {
      this.#buffer.push(sender.value);
      sender.done.resolve();
    }
    return value;
  }
}

const NOTHING: unique symbol = Symbol('nothing');

function removeItem<T>(items: T[], item: T): boolean {
  const index = items.indexOf(item);
  if (index < 0) return false;
  items.splice(index, 1);
  return true;
}
