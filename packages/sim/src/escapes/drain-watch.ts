import { microtask } from './microtask.js';
import { removeFrom } from './remove-from.js';

/** A party that wants to hear each time the microtask queue has drained. */
export interface DrainListener {
  /** Called once the microtask queue is empty, before any timer, I/O or other macrotask runs. */
  onDrained(): void;
}

type Tick = (callback: () => void) => void;

// Captured at load time, before any spy is installed, so the watch itself is never an escape.
const host = globalThis as {
  process?: { nextTick?: (callback: () => void) => void };
  setImmediate?: (callback: () => void) => unknown;
};
const realNextTick: Tick | undefined =
  typeof host.process?.nextTick === 'function' ? host.process.nextTick.bind(host.process) : undefined;
const realSetImmediate = host.setImmediate;

/**
 * The fallback where there is no `process.nextTick` (browsers): a real macrotask,
 * `setImmediate` where it exists, else a `MessageChannel` post. There, real work may complete
 * before it fires, so verdicts about native waits can depend on timing (docs/architecture.md).
 */
const realMacrotask: Tick =
  realSetImmediate !== undefined
    ? (callback) => void realSetImmediate(callback)
    : (() => {
        const channel = new MessageChannel();
        const callbacks: Array<() => void> = [];
        channel.port1.onmessage = () => callbacks.shift()?.();
        return (callback: () => void) => {
          callbacks.push(callback);
          channel.port2.postMessage(null);
        };
      })();

// An array, not a Set: every run adds and removes its listener, and a Set emptied by a delete
// reallocates its table every time.
const listeners: DrainListener[] = [];
/** Queues {@link fire} as a tick (made once: arming allocates no closure). */
const tickFire = realNextTick === undefined ? undefined : () => realNextTick(fire);
let armed = false;

function fire(): void {
  armed = false;
  if (listeners.length === 1) {
    // The usual case (one simulator running): no snapshot to take.
    (listeners[0] as DrainListener).onDrained();
  } else {
    for (const listener of [...listeners]) listener.onDrained();
  }
  if (listeners.length > 0) arm();
}

function arm(): void {
  if (armed) return;
  armed = true;
  // Queued from a microtask, a tick runs once the microtask queue is empty (on Node, ahead of
  // every timer and I/O callback).
  if (tickFire !== undefined) microtask(tickFire);
  else realMacrotask(fire);
}

/**
 * One process-wide watch over the microtask queue, shared by every running simulator. It holds
 * only the simulators whose run is in progress, so a finished run keeps nothing alive however
 * many runs happen without the caller ever yielding to the event loop.
 */
export const DrainWatch: {
  readonly add: (listener: DrainListener) => void;
  readonly remove: (listener: DrainListener) => void;
} = {
  /** Starts calling `listener.onDrained` at the end of every drain, until {@link DrainWatch.remove}. */
  add(listener: DrainListener): void {
    if (!listeners.includes(listener)) listeners.push(listener);
    arm();
  },
  /** Stops calling `listener`. */
  remove(listener: DrainListener): void {
    removeFrom(listeners, listener);
  },
};
