import type { Runnable, TaskInfo } from '@sched/core';
import type { TraceEvent } from './trace-event.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The record of every decision of a run. It always keeps a rolling hash (cheap enough for
 * millions of steps) and, unless told not to, the events themselves.
 */
export class Trace {
  readonly events: TraceEvent[] = [];
  readonly #keepEvents: boolean;
  readonly #taskIds = new Map<number, number>();
  readonly #sessionIds = new Map<number, number>();
  /** The task of each local number, kept with the events (its spawn site is read lazily). */
  readonly #tasks = new Map<number, TaskInfo>();
  #hash = FNV_OFFSET;
  #steps = 0;

  constructor(keepEvents: boolean) {
    this.#keepEvents = keepEvents;
  }

  /** Number of steps recorded. */
  get steps(): number {
    return this.#steps;
  }

  /** 32-bit FNV-1a hash over every step: equal hashes for equal traces. */
  get hash(): number {
    return this.#hash >>> 0;
  }

  /** Local number of a global task id (0 for host work). */
  localTask(globalId: number): number {
    if (globalId === 0) return 0;
    let local = this.#taskIds.get(globalId);
    if (local === undefined) {
      local = this.#taskIds.size + 1;
      this.#taskIds.set(globalId, local);
    }
    return local;
  }

  /**
   * Records that `runnable` ran at `time`; returns the event (or undefined if not kept). Pass
   * `localId` when the caller already knows the task's local number (it saves a lookup).
   */
  record(runnable: Runnable, time: number, localId?: number): TraceEvent | undefined {
    const info = runnable.task;
    const task = localId ?? this.localTask(info.id);
    const session = info.sessionId === undefined ? undefined : this.#localSession(info.sessionId);
    this.#steps++;
    let h = this.#hash;
    h = Math.imul(h ^ task, FNV_PRIME);
    h = Math.imul(h ^ KIND_CODES[runnable.kind], FNV_PRIME);
    h = Math.imul(h ^ (time | 0), FNV_PRIME);
    this.#hash = h;
    if (!this.#keepEvents) return undefined;
    if (!this.#tasks.has(task)) this.#tasks.set(task, info);
    const event: TraceEvent = {
      step: this.#steps,
      time,
      task,
      label: info.label,
      kind: runnable.kind,
      lane: info.lane,
      session,
      choice: undefined,
      jitter: undefined,
      notes: undefined,
    };
    this.events.push(event);
    return event;
  }

  /**
   * Where the task with local number `task` was spawned (`file:line:column`), when the trace kept
   * its events and the location was captured; undefined otherwise (and for host work, task 0).
   */
  spawnSite(task: number): string | undefined {
    return this.#tasks.get(task)?.spawnLocation;
  }

  #localSession(globalId: number): number {
    let local = this.#sessionIds.get(globalId);
    if (local === undefined) {
      local = this.#sessionIds.size + 1;
      this.#sessionIds.set(globalId, local);
    }
    return local;
  }
}

const KIND_CODES = { start: 1, resume: 2, timer: 3, call: 4 } as const;

/** One line per event: `#12 t=5ms task 3 "label" resume (foreground)`. */
export function formatEvent(event: TraceEvent): string {
  const who = event.task === 0 ? 'host' : `task ${event.task}${event.label === undefined ? '' : ` "${event.label}"`}`;
  const jitter = event.jitter === undefined ? '' : ` +${event.jitter}ms jitter`;
  const delays = event.delays === undefined ? '' : ` ${formatDelays(event.delays)}`;
  const notes = event.notes === undefined ? '' : ` — ${event.notes.join('; ')}`;
  return `#${event.step} t=${event.time}ms ${who} ${event.kind} (${event.lane})${jitter}${delays}${notes}`;
}

/** `delay 17ms of 5..50`, or several joined by commas. */
export function formatDelays(delays: NonNullable<TraceEvent['delays']>): string {
  return delays.map((d) => `delay ${d.ms}ms of ${d.min}..${d.max}`).join(', ');
}

/** Formats events, one per line. */
export function formatTrace(events: readonly TraceEvent[]): string {
  return events.map(formatEvent).join('\n');
}

/** Index of the first event that differs between two traces (by content), or -1 if equal. */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || formatEvent(x) !== formatEvent(y)) return i;
  }
  return -1;
}
