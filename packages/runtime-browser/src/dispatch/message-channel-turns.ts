import type { TaskPriority } from '@sched/core';
import type { HostTurns } from './host-turns.js';

/**
 * Turns from a `MessageChannel` posting to itself: a macrotask without `setTimeout`'s 4 ms clamp
 * for nested timers, the fallback where `scheduler.postTask` is missing (Safari). The browser
 * sees one priority; @sched's lanes still order the work inside each turn.
 * @internal
 */
export class MessageChannelTurns implements HostTurns {
  readonly kind = 'MessageChannel';
  readonly #port: MessagePort;
  readonly #priorities: TaskPriority[] = [];

  readonly #receiver: Refable;

  constructor(onTurn: (priority: TaskPriority) => void) {
    const channel = new MessageChannel();
    const receiver = channel.port1 as MessagePort & Refable;
    receiver.onmessage = () => {
      const priority = this.#priorities.shift() ?? 'normal';
      if (this.#priorities.length === 0) receiver.unref?.();
      onTurn(priority);
    };
    // Node (and Deno) keep a process alive while a port with a listener is referenced; browsers
    // have no ref/unref. Hold the process only while a turn is requested, as a timer would.
    receiver.unref?.();
    this.#receiver = receiver;
    this.#port = channel.port2;
  }

  request(priority: TaskPriority): void {
    if (this.#priorities.length === 0) this.#receiver.ref?.();
    this.#priorities.push(priority);
    this.#port.postMessage(null);
  }
}

/** A port as Node types it: `ref` / `unref` exist outside browsers only. */
interface Refable {
  ref?: () => void;
  unref?: () => void;
}
