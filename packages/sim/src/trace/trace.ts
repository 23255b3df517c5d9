import type { Lane, Runnable, RunnableKind, TaskInfo } from '@sched/core';
import type { TraceEvent } from './trace-event.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const KINDS: readonly RunnableKind[] = ['start', 'start', 'resume', 'timer', 'call'];
const LANES: readonly Lane[] = ['foreground', 'background'];
/** Bit 3 of the packed kind byte: the lane was background. */
const BACKGROUND = 8;
const NONE = -1;
/** Integer columns per step: task, kind and lane, session, choice index, choice count, host label. */
const INTS = 6;
/** Steps per chunk (4096); the first chunk starts at 32 steps and doubles up to it. */
/** The columns of a trace that keeps no events: never written (see the constructor). */
const NO_ROWS: never[] = Object.freeze([]) as never[];
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const FIRST_CHUNK = 32;

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
 * Events are stored compactly, as numbers in typed-array chunks (time; task, kind and lane,
 * session, choice), with labels once per task (per step only for host work) and the rare extras (jitter, drawn delays, notes) in a
 * side map. A step allocates nothing; {@link Trace.events} builds the
 * {@link TraceEvent} objects when they are read (and keeps them, so reading again is free).
 */
export class Trace {
  readonly #keepEvents: boolean;
  readonly #taskIds = new Map<number, number>();
  /** Created on first use (only a trace that keeps events numbers sessions). */
  #sessionIds: Map<number, number> | undefined = undefined;
  #hash = FNV_OFFSET;
  #steps = 0;

  /**
   * The columns, in chunks of {@link CHUNK} steps: `#times[c][o]` is the time of step
   * `c * CHUNK + o + 1`, `#ints[c][o * INTS + …]` its task, kind and lane, session, choice index
   * and choice count. Typed arrays, appended to: no object per step; a short run allocates one
   * small chunk, a long one never copies more than the first chunk (32 bytes per step).
   */
  readonly #times: Float64Array[];
  readonly #ints: Int32Array[];
  /** Label of each local task (a task's label never changes), by local number. */
  /** The task of each local number, kept with the events (its spawn site is read lazily). */
  readonly #taskInfos: Array<TaskInfo | undefined>;
  /**
   * Distinct labels of host steps (task 0: timers, calls, I/O completions, each with its own
   * label); a host step stores its label's index here in its last integer column.
   */
  readonly #hostLabels: Array<string | undefined>;
  #hostLabelIds: Map<string | undefined, number> | undefined = undefined;
  #lastHostLabel: string | undefined = undefined;
  #lastHostLabelId = -1;
  #extras: Map<number, Extras> | undefined = undefined;
  /** Events built so far by {@link Trace.events}, `#built[i]` for step `i + 1`. */
  readonly #built: TraceEvent[];

  constructor(keepEvents: boolean) {
    this.#keepEvents = keepEvents;
    // Only a trace that keeps events writes these columns: a lean trace (most seeds of `many`)
    // shares one frozen empty array for all of them instead of allocating five.
    this.#times = keepEvents ? [] : (NO_ROWS as Float64Array[]);
    this.#ints = keepEvents ? [] : (NO_ROWS as Int32Array[]);
    this.#taskInfos = keepEvents ? [] : (NO_ROWS as Array<TaskInfo | undefined>);
    this.#hostLabels = keepEvents ? [] : (NO_ROWS as Array<string | undefined>);
    this.#built = keepEvents ? [] : (NO_ROWS as TraceEvent[]);
  }

  /** Number of steps recorded. */
  get steps(): number {
    return this.#steps;
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
    const kind = kindCode(runnable.kind);
    const step = ++this.#steps;
    let h = this.#hash;
    h = Math.imul(h ^ task, FNV_PRIME);
    h = Math.imul(h ^ kind, FNV_PRIME);
    h = Math.imul(h ^ (time | 0), FNV_PRIME);
    this.#hash = h;
    if (!this.#keepEvents) return step;
    const i = step - 1;
    const chunk = i >> CHUNK_BITS;
    const o = i & (CHUNK - 1);
    let times = this.#times[chunk];
    if (times === undefined || o === times.length) times = this.#grow(chunk);
    times[o] = time;
    const ints = this.#ints[chunk] as Int32Array;
    let at = o * INTS;
    ints[at++] = task;
    ints[at++] = info.lane === 'background' ? kind | BACKGROUND : kind;
    ints[at++] = info.sessionId === undefined ? NONE : this.#localSession(info.sessionId);
    ints[at++] = choiceIndex;
    ints[at++] = choiceOf;
    ints[at] = task === 0 ? this.#hostLabelId(info.label) : NONE;
    if (task !== 0 && this.#taskInfos[task] === undefined) this.#taskInfos[task] = info;
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
    const chunk = i >> CHUNK_BITS;
    const o = i & (CHUNK - 1);
    const c = this.#ints[chunk] as Int32Array;
    const at = o * INTS;
    const task = c[at] as number;
    const packed = c[at + 1] as number;
    const session = c[at + 2] as number;
    const choiceIndex = c[at + 3] as number;
    const extras = this.#extras?.get(i + 1);
    const event: TraceEvent = {
      step: i + 1,
      time: (this.#times[chunk] as Float64Array)[o] as number,
      task,
      label: task === 0 ? this.#hostLabels[c[at + 5] as number] : this.#taskInfos[task]?.label,
      kind: KINDS[packed & 7] as RunnableKind,
      lane: LANES[(packed & BACKGROUND) === 0 ? 0 : 1] as Lane,
      session: session === NONE ? undefined : session,
      choice: choiceIndex === NONE ? undefined : { index: choiceIndex, of: c[at + 4] as number },
      jitter: extras?.jitter,
      notes: extras?.notes,
    };
    if (extras?.delays !== undefined) event.delays = extras.delays;
    return event;
  }

  /**
   * Where the task with local number `task` was spawned (`file:line:column`), when the trace kept
   * its events and the location was captured; undefined otherwise (and for host work, task 0).
   */
  spawnSite(task: number): string | undefined {
    return this.#taskInfos[task]?.spawnLocation;
  }

  /** Makes room in chunk `chunk`: the first chunk doubles up to CHUNK steps, later ones come full size. */
  #grow(chunk: number): Float64Array {
    const old = this.#times[chunk];
    const steps = chunk === 0 ? Math.min(CHUNK, Math.max(FIRST_CHUNK, 2 * (old?.length ?? 0))) : CHUNK;
    const times = new Float64Array(steps);
    const ints = new Int32Array(steps * INTS);
    if (old !== undefined) {
      times.set(old);
      ints.set(this.#ints[chunk] as Int32Array);
    }
    this.#times[chunk] = times;
    this.#ints[chunk] = ints;
    return times;
  }

  #hostLabelId(label: string | undefined): number {
    if (label === this.#lastHostLabel && this.#lastHostLabelId >= 0) return this.#lastHostLabelId;
    const ids = (this.#hostLabelIds ??= new Map<string | undefined, number>());
    let id = ids.get(label);
    if (id === undefined) {
      id = this.#hostLabels.push(label) - 1;
      ids.set(label, id);
    }
    this.#lastHostLabel = label;
    this.#lastHostLabelId = id;
    return id;
  }

  #localSession(globalId: number): number {
    const ids = (this.#sessionIds ??= new Map<number, number>());
    let local = ids.get(globalId);
    if (local === undefined) {
      local = ids.size + 1;
      ids.set(globalId, local);
    }
    return local;
  }
}

/**
 * start 1, resume 2, timer 3, call 4. Compared, not looked up: a keyed read of a constant table
 * with four different keys is a slower load than these comparisons of interned strings.
 */
function kindCode(kind: RunnableKind): number {
  return kind === 'resume' ? 2 : kind === 'start' ? 1 : kind === 'timer' ? 3 : 4;
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
