import type { MessagePort, Transferable } from 'node:worker_threads';
import {
  CLAIM_DONE,
  CLAIM_QUEUED,
  CLAIM_STARTED,
  type FunctionDefinition,
  OP_PROBE,
  OP_PROBED,
  OP_RESULTS,
  OP_RUN,
  OP_SHORT,
  RESULT_STRIDE,
  RUN_STRIDE,
  STATUS_LOAD_FAILED,
  STATUS_NO_EXPORT,
  STATUS_OK,
  STATUS_RESULT_NOT_CLONEABLE,
  STATUS_THREW,
  STATUS_WITHDRAWN,
  type ThrownRecord,
} from '../pool/protocol.js';
import { isWithTransfer, transferList } from '../pool/with-transfer.js';

type Namespace = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

/** A function becomes short once a synchronous call takes less than this (ms): results are held across its jobs. */
export const SHORT_JOB_MS = 0.05;
/** A short function becomes long again once a call takes this many times {@link SHORT_JOB_MS}. */
const LONG_FACTOR = 4;
/** Most results held back for one message. */
export const MAX_HELD_RESULTS = 32;
/** Held results are sent before a job starts once the oldest has waited this long (ms). */
export const MAX_HOLD_MS = 0.2;

/** The runner's view of time, in milliseconds (injected so tests can drive it). @internal */
export interface RunnerClock {
  now(): number;
}

/**
 * The worker side of a `WorkerPool`: runs posted jobs one at a time, in order, and reports
 * results in batches.
 *
 * Details: jobs wait in a local FIFO (the pool pipelines several per worker, batched in one
 * message). Before starting one the runner claims it (`CLAIM_QUEUED` → `CLAIM_STARTED`); a job
 * the pool withdrew is skipped. Modules are imported once per worker, and functions are named by
 * small ids after their first use.
 *
 * Results are batched only where that cannot lose or delay much: while jobs run back to back
 * synchronously, a finished job's result is held only across the next job if that job's function
 * is short (a call took under {@link SHORT_JOB_MS}, and none since took 4 times that or went
 * asynchronous; the pool is told with `OP_SHORT`), and only while fewer than
 * {@link MAX_HELD_RESULTS} wait, none for longer than {@link MAX_HOLD_MS}. Everything held is sent
 * before a job of unknown or longer duration starts, before an asynchronous job is awaited, when
 * the local queue runs dry, and from the thread's `exit` event (`process.exit` in a job). Only
 * primitive results are held: an object is sent at once (after what was held), because it is
 * copied when sent, and a function may change an object it returned before a later send (or a
 * getter run by the copy may kill the worker).
 * @internal
 */
export class JobRunner {
  readonly #port: MessagePort;
  readonly #claims: Int32Array;
  #queue: unknown[] = [];
  #head = 0;
  #busy = false;
  #out: unknown[] = [OP_RESULTS];
  #outTransfer: Transferable[] = [];
  readonly #modules = new Map<string, Namespace>();
  /** Function definitions by id, and the resolved functions once their module is loaded. */
  readonly #definitions: (FunctionDefinition | undefined)[] = [];
  readonly #functions: (Fn | undefined)[] = [];
  /** What the pool was last told about each function (`OP_SHORT`); undefined: not short. */
  readonly #short: boolean[] = [];
  /** When the oldest held result was held (valid while `#out` holds results). */
  #heldSince = 0;
  readonly #clock: RunnerClock;
  readonly #processBound: () => void;

  constructor(port: MessagePort, claims: Int32Array, clock: RunnerClock) {
    this.#port = port;
    this.#claims = claims;
    this.#clock = clock;
    this.#processBound = () => this.#process();
  }

  /** Handles one message from the pool. */
  receive(message: unknown[]): void {
    if (message[0] === OP_RUN) {
      const queue = this.#queue;
      for (let i = 1; i < message.length; i++) queue.push(message[i]);
      if (!this.#busy) this.#process();
    } else if (message[0] === OP_PROBE) {
      this.#probe(message[1] as string);
    }
  }

  #process(): void {
    this.#busy = true;
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const i = this.#head;
      this.#head += RUN_STRIDE;
      const slot = queue[i] as number;
      let id = queue[i + 1] as number | FunctionDefinition;
      const args = queue[i + 2] as unknown[];
      queue[i + 2] = undefined;
      if (typeof id !== 'number') {
        this.#definitions[id[0]] = id;
        id = id[0];
      }
      if (Atomics.compareExchange(this.#claims, slot, CLAIM_QUEUED, CLAIM_STARTED) !== CLAIM_QUEUED) {
        this.#hold(slot, STATUS_WITHDRAWN, undefined);
        continue;
      }
      const start = this.#clock.now();
      if (this.#out.length > 1 && !this.#mayHoldAcross(id, start)) this.#flush();
      const fn = this.#functions[id];
      const pending = fn !== undefined ? this.#call(slot, fn, args) : this.#resolveAndRun(slot, id, args);
      if (pending !== undefined) {
        this.#measured(id, Number.POSITIVE_INFINITY);
        this.#flush();
        pending.then(this.#processBound, this.#processBound);
        return;
      }
      this.#measured(id, this.#clock.now() - start);
    }
    this.#queue = [];
    this.#head = 0;
    this.#flush();
    this.#busy = false;
  }

  /** Sends whatever results are held (the worker is about to exit, or nothing else will run soon). */
  flush(): void {
    this.#flush();
  }

  /** Records how long a call of function `id` took; tells the pool when it becomes short or long. */
  #measured(id: number, ms: number): void {
    const short = this.#short[id] === true;
    if (short ? ms >= SHORT_JOB_MS * LONG_FACTOR : ms < SHORT_JOB_MS) {
      this.#short[id] = !short;
      this.#port.postMessage([OP_SHORT, id, !short]);
    }
  }

  /** Whether held results may wait while function `id` runs, at time `now`. */
  #mayHoldAcross(id: number, now: number): boolean {
    return (
      this.#short[id] === true &&
      this.#out.length < 1 + MAX_HELD_RESULTS * RESULT_STRIDE &&
      now - this.#heldSince < MAX_HOLD_MS
    );
  }

  /** Calls a claimed job's function; returns a promise if it finishes asynchronously. */
  #call(slot: number, fn: Fn, args: unknown[]): PromiseLike<void> | undefined {
    let value: unknown;
    try {
      value = fn(...args);
    } catch (error) {
      this.#finish(slot, STATUS_THREW, thrown(error));
      return undefined;
    }
    if (typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function') {
      // Through a native promise: a bare thenable's `then` may return nothing to wait on.
      return Promise.resolve(value as PromiseLike<unknown>).then(
        (result) => this.#finish(slot, STATUS_OK, result),
        (error: unknown) => this.#finish(slot, STATUS_THREW, thrown(error)),
      );
    }
    this.#finish(slot, STATUS_OK, value);
    return undefined;
  }

  /** First call of function `id` in this worker: find it in its module (loading it if needed). */
  #resolveAndRun(slot: number, id: number, args: unknown[]): PromiseLike<void> | undefined {
    const definition = this.#definitions[id] as FunctionDefinition;
    const namespace = this.#modules.get(definition[1]);
    if (namespace !== undefined) return this.#bindAndCall(slot, id, namespace, args);
    return this.#load(definition[1]).then(
      (loaded) => this.#bindAndCall(slot, id, loaded, args),
      (error: unknown) => this.#finish(slot, STATUS_LOAD_FAILED, cloneableError(error)),
    );
  }

  #bindAndCall(slot: number, id: number, namespace: Namespace, args: unknown[]): PromiseLike<void> | undefined {
    const fn = namespace[(this.#definitions[id] as FunctionDefinition)[2]];
    if (typeof fn !== 'function') {
      this.#finish(slot, STATUS_NO_EXPORT, functionExports(namespace));
      return undefined;
    }
    this.#functions[id] = fn as Fn;
    return this.#call(slot, fn as Fn, args);
  }

  #load(module: string): Promise<Namespace> {
    const cached = this.#modules.get(module);
    if (cached !== undefined) return Promise.resolve(cached);
    return (import(module) as Promise<Namespace>).then((namespace) => {
      this.#modules.set(module, namespace);
      return namespace;
    });
  }

  #probe(module: string): void {
    this.#load(module).then(
      (namespace) => this.#port.postMessage([OP_PROBED, module, true, functionExports(namespace)]),
      (error: unknown) => this.#port.postMessage([OP_PROBED, module, false, cloneableError(error)]),
    );
  }

  #finish(slot: number, status: number, value: unknown): void {
    Atomics.store(this.#claims, slot, CLAIM_DONE);
    let transfer: readonly Transferable[] | undefined;
    if (status === STATUS_OK && isWithTransfer(value)) {
      transfer = transferList(value.transfer);
      value = value.value;
    }
    const hold = status === STATUS_OK && transfer === undefined && isPrimitive(value);
    // Sent alone: first what is held, so the held results carry none of this result's transfers.
    if (!hold) this.#flush();
    this.#hold(slot, status, value);
    if (transfer !== undefined) for (const item of transfer) this.#outTransfer.push(item);
    if (!hold) this.#flush();
  }

  /** Adds a result to the message being built; {@link #process} decides when it is sent. */
  #hold(slot: number, status: number, value: unknown): void {
    if (this.#out.length === 1) this.#heldSince = this.#clock.now();
    this.#out.push(slot, status, value);
  }

  #flush(): void {
    const out = this.#out;
    if (out.length === 1) return;
    const transfer = this.#outTransfer;
    this.#out = [OP_RESULTS];
    this.#outTransfer = [];
    try {
      this.#port.postMessage(out, transfer);
    } catch {
      this.#flushOneByOne(out, transfer);
    }
  }

  /** A batch failed to clone: send results one by one, replacing the ones that cannot be sent. */
  #flushOneByOne(out: unknown[], transfer: Transferable[]): void {
    for (let i = 1; i < out.length; i += RESULT_STRIDE) {
      const slot = out[i] as number;
      const status = out[i + 1] as number;
      const value = out[i + 2];
      const own = transfer.filter((item) => containsTransferable(value, item));
      try {
        this.#port.postMessage([OP_RESULTS, slot, status, value], own);
      } catch (error) {
        const fallback =
          status === STATUS_THREW
            ? { error: cloneableError((value as ThrownRecord).error), props: undefined }
            : status === STATUS_OK
              ? error instanceof Error
                ? error.message
                : String(error)
              : cloneableError(value);
        this.#port.postMessage([
          OP_RESULTS,
          slot,
          status === STATUS_OK ? STATUS_RESULT_NOT_CLONEABLE : status,
          fallback,
        ]);
      }
    }
  }
}

function functionExports(namespace: Namespace): string[] {
  return Object.keys(namespace).filter((key) => typeof namespace[key] === 'function');
}

/** What to send for a thrown value: the value, plus an Error's own enumerable properties. */
function thrown(error: unknown): ThrownRecord {
  if (!(error instanceof Error)) return { error, props: undefined };
  const keys = Object.keys(error);
  if (keys.length === 0) return { error, props: undefined };
  const props: Record<string, unknown> = {};
  for (const key of keys) props[key] = (error as unknown as Record<string, unknown>)[key];
  return { error, props };
}

/** An Error that structured clone keeps (name, message and stack of the original). */
function cloneableError(error: unknown): Error {
  if (error instanceof Error) {
    try {
      structuredClone(error);
      return error;
    } catch {
      // fall through to a plain copy
    }
    const copy = new Error(error.message);
    copy.name = error.name;
    copy.stack = error.stack;
    return copy;
  }
  return new Error(typeof error === 'string' ? error : `non-error value thrown: ${String(error)}`);
}

function containsTransferable(value: unknown, item: Transferable): boolean {
  if (value === item) return true;
  if (ArrayBuffer.isView(value)) return value.buffer === item;
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) {
    if (containsTransferable((value as Record<string, unknown>)[key], item)) return true;
  }
  return false;
}

/** A value structured clone copies as is: nothing the job's code can change or run later. */
function isPrimitive(value: unknown): boolean {
  return (typeof value !== 'object' || value === null) && typeof value !== 'function' && typeof value !== 'symbol';
}
