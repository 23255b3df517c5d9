import type { Lane, Runnable, RunnableKind } from '@sched/core';
import type { TraceEvent } from './trace-event.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const KIND_CODES = { start: 1, resume: 2, timer: 3, call: 4 } as const;
const KINDS: readonly RunnableKind[] = ['start', 'start', 'resume', 'timer', 'call'];
const LANES: readonly Lane[] = ['foreground', 'background'];
/** Bit 3 of the packed kind byte: the lane was background. */
const BACKGROUND = 8;
const NONE = -1;
const STRIDE = 6;
const INITIAL_STEPS = 32;
/** Shared by every trace before its first kept step; never written. */
const EMPTY = new Float64Array(0);

/** What a step may carry besides its columns: rare, so kept aside, keyed by step. */
interface Extras {
  jitter: number | undefined;
  delays: Array<NonNullable<TraceEvent['delays']>[number]> | undefined;
  notes: string[] | undefined;
}

/**
 * The record of every decision of a run. It always keeps a rolling hash (cheap enough for
 * millions of steps) and, unless told not to, the events themselves.
 *
 * Events are stored compactly, as numbers in one flat array (time, task, kind and lane, session,
 * choice), with labels once per task (per step only for host work) and the rare extras (jitter, drawn delays, notes) in a
 * side map. A step allocates nothing; {@link Trace.events} builds the
 * {@link TraceEvent} objects when they are read (and keeps them, so reading again is free).
 */
export class Trace {
  readonly #keepEvents: boolean;
  readonly #taskIds = new Map<number, number>();
  readonly #sessionIds = new Map<number, number>();
  #hash = FNV_OFFSET;
  #steps = 0;

  /**
   * The columns, interleaved: step `i` is `#columns[i * STRIDE + …]` (time, task, kind and lane,
   * session, choice index, choice count). One typed array, doubled when full: no object per
   * step, and a single small allocation for the many short runs of `many`.
   */
  #columns: Float64Array = EMPTY;
  /** Label of each local task (a task's label never changes), by local number. */
  readonly #taskLabels: Array<string | undefined> = [];
  /** Labels of host steps (task 0: timers, calls, I/O completions, each with its own label), by step. */
  #hostLabels: Map<number, string | undefined> | undefined = undefined;
  #extras: Map<number, Extras> | undefined = undefined;
  /** Events built so far by {@link Trace.events}, `#built[i]` for step `i + 1`. */
  readonly #built: TraceEvent[] = [];

  constructor(keepEvents: boolean) {
    this.#keepEvents = keepEvents;
  }

  /** Number of steps recorded. */
  get steps(): number {
    return this.#steps;
  }

  /** True when events are kept (the `trace` option). */
  get keepsEvents(): boolean {
    return this.#keepEvents;
  }

  /** Number of events kept: {@link Trace.steps} with events on, 0 without (reads build nothing). */
  get eventCount(): number {
    return this.#keepEvents ? this.#steps : 0;
  }

  /** 32-bit FNV-1a hash over every step: equal hashes for equal traces. */
  get hash(): number {
    return this.#hash >>> 0;
  }

  /**
   * Every step as a {@link TraceEvent}, in order (empty when events are not kept). Built on
   * first read from the compact record; later reads build only the steps added since.
   */
  get events(): readonly TraceEvent[] {
    const built = this.#built;
    if (this.#keepEvents) for (let i = built.length; i < this.#steps; i++) built.push(this.#build(i));
    return built;
  }

  /** The last `count` events (or fewer), building only those. */
  tail(count: number): TraceEvent[] {
    if (!this.#keepEvents) return [];
    const from = Math.max(0, this.#steps - count);
    const out: TraceEvent[] = [];
    for (let i = from; i < this.#steps; i++) out.push(this.#built[i] ?? this.#build(i));
    return out;
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
   * Records that `runnable` ran at `time` and returns its step number (from 1). Pass `localId`
   * when the caller already knows the task's local number (it saves a lookup), and `choiceIndex`
   * / `choiceOf` when the step was a real choice among candidates.
   */
  record(runnable: Runnable, time: number, localId?: number, choiceIndex: number = NONE, choiceOf: number = 0): number {
    const info = runnable.task;
    const task = localId ?? this.localTask(info.id);
    const kind = KIND_CODES[runnable.kind];
    const step = ++this.#steps;
    let h = this.#hash;
    h = Math.imul(h ^ task, FNV_PRIME);
    h = Math.imul(h ^ kind, FNV_PRIME);
    h = Math.imul(h ^ (time | 0), FNV_PRIME);
    this.#hash = h;
    if (!this.#keepEvents) return step;
    let at = (step - 1) * STRIDE;
    if (at === this.#columns.length) this.#grow();
    const c = this.#columns;
    c[at++] = time;
    c[at++] = task;
    c[at++] = info.lane === 'background' ? kind | BACKGROUND : kind;
    c[at++] = info.sessionId === undefined ? NONE : this.#localSession(info.sessionId);
    c[at++] = choiceIndex;
    c[at] = choiceOf;
    if (task === 0) (this.#hostLabels ??= new Map()).set(step, info.label);
    else if (this.#taskLabels[task] === undefined) this.#taskLabels[task] = info.label;
    return step;
  }

  /** Adds `ms` of seed-drawn jitter to step `step` (ignored when events are not kept). */
  addJitter(step: number, ms: number): void {
    const extras = this.#extrasOf(step);
    if (extras === undefined) return;
    extras.jitter = (extras.jitter ?? 0) + ms;
    const event = this.#built[step - 1];
    if (event !== undefined) event.jitter = extras.jitter;
  }

  /** Notes a delay drawn during step `step`. */
  addDelay(step: number, delay: NonNullable<TraceEvent['delays']>[number]): void {
    const extras = this.#extrasOf(step);
    if (extras === undefined) return;
    (extras.delays ??= []).push(delay);
    const event = this.#built[step - 1];
    if (event !== undefined) event.delays = extras.delays;
  }

  /** Attaches an annotation to step `step`. */
  addNote(step: number, note: string): void {
    const extras = this.#extrasOf(step);
    if (extras === undefined) return;
    (extras.notes ??= []).push(note);
    const event = this.#built[step - 1];
    if (event !== undefined) event.notes = extras.notes;
  }

  #extrasOf(step: number): Extras | undefined {
    if (!this.#keepEvents || step < 1 || step > this.#steps) return undefined;
    this.#extras ??= new Map<number, Extras>();
    let extras = this.#extras.get(step);
    if (extras === undefined) {
      extras = { jitter: undefined, delays: undefined, notes: undefined };
      this.#extras.set(step, extras);
    }
    return extras;
  }

  #build(i: number): TraceEvent {
    const c = this.#columns;
    const at = i * STRIDE;
    const packed = c[at + 2] as number;
    const session = c[at + 3] as number;
    const choiceIndex = c[at + 4] as number;
    const task = c[at + 1] as number;
    const extras = this.#extras?.get(i + 1);
    const event: TraceEvent = {
      step: i + 1,
      time: c[at] as number,
      task,
      label: task === 0 ? this.#hostLabels?.get(i + 1) : this.#taskLabels[task],
      kind: KINDS[packed & 7] as RunnableKind,
      lane: LANES[(packed & BACKGROUND) === 0 ? 0 : 1] as Lane,
      session: session === NONE ? undefined : session,
      choice: choiceIndex === NONE ? undefined : { index: choiceIndex, of: c[at + 5] as number },
      jitter: extras?.jitter,
      notes: extras?.notes,
    };
    if (extras?.delays !== undefined) event.delays = extras.delays;
    return event;
  }

  #grow(): void {
    const columns = new Float64Array(Math.max(INITIAL_STEPS * STRIDE, this.#columns.length * 2));
    columns.set(this.#columns);
    this.#columns = columns;
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
