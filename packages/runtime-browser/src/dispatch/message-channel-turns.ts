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

  constructor(onTurn: (priority: TaskPriority) => void) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => onTurn(this.#priorities.shift() ?? 'normal');
    this.#port = channel.port2;
  }

  request(priority: TaskPriority): void {
    this.#priorities.push(priority);
    this.#port.postMessage(null);
  }
}
