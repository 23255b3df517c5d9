import type { MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  CLAIM_DONE,
  CLAIM_WITHDRAWN,
  OP_RESULTS,
  OP_RUN,
  OP_SHORT,
  STATUS_OK,
  STATUS_WITHDRAWN,
} from '../src/pool/protocol.js';
import { JobRunner, MAX_HELD_RESULTS, MAX_HOLD_MS, SHORT_JOB_MS } from '../src/worker/job-runner.js';
import { FIXTURES, ManualClock } from './helpers.js';

// The worker side of the pool, driven directly: a fake port records what it would post, a manual
// clock says how long each call took. No thread, no cloning: what the runner decides is exact.
const TASKS = new URL('./tasks.mjs', FIXTURES).href;
const ADD = 0;
const ECHO = 1;
const DELAYED = 2;
const MAKE_BUFFER = 3;
const MAKE_BOXED = 4;

/** A clock that moves `step` ms each time it is read: every call seems to take about `step`. */
class SteppingClock extends ManualClock {
  step: number;
  constructor(step: number) {
    super();
    this.step = step;
  }
  override now(): number {
    this.t += this.step;
    return this.t;
  }
}

function harness(clock: ManualClock = new SteppingClock(SHORT_JOB_MS / 10)) {
  const posted: unknown[][] = [];
  const transfers: unknown[][] = [];
  const port = {
    postMessage: (message: unknown[], transfer: unknown[] = []) => {
      posted.push(message);
      transfers.push(transfer);
    },
  } as unknown as MessagePort;
  const claims = new Int32Array(256);
  const runner = new JobRunner(port, claims, clock);
  let slot = 0;
  const defined = new Set<number>();
  /** Posts one OP_RUN message; returns the slots used. */
  const run = (...jobs: [fn: number, name: string, args: unknown[]][]): number[] => {
    const message: unknown[] = [OP_RUN];
    const slots: number[] = [];
    for (const [fn, name, args] of jobs) {
      slots.push(slot);
      message.push(slot++, defined.has(fn) ? fn : [fn, TASKS, name], args);
      defined.add(fn);
    }
    runner.receive(message);
    return slots;
  };
  /** Result messages posted so far, as `[slot, status, value]` lists; `OP_SHORT` messages apart. */
  const batches = (): unknown[][][] =>
    posted
      .filter((m) => m[0] === OP_RESULTS)
      .map((m) => {
        const rows: unknown[][] = [];
        for (let i = 1; i < m.length; i += 3) rows.push(m.slice(i, i + 3));
        return rows;
      });
  const shortNotes = (): unknown[][] => posted.filter((m) => m[0] === OP_SHORT);
  const clear = (): void => {
    posted.splice(0);
    transfers.splice(0);
  };
  return { posted, transfers, claims, runner, run, batches, shortNotes, clear };
}

const add = (a: number, b: number): [number, string, unknown[]] => [ADD, 'add', [a, b]];

/** Loads the fixture module and makes `add` known short. */
async function warm(h: ReturnType<typeof harness>): Promise<void> {
  h.run(add(0, 0));
  await until(() => h.batches().length === 1);
  h.run(add(0, 1));
  expect(h.shortNotes()).toEqual([[OP_SHORT, ADD, true]]);
  h.clear();
}

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(predicate()).toBe(true);
}

describe('JobRunner result batches', () => {
  it('sends the results of short jobs run back to back in one message, in order', async () => {
    const h = harness();
    await warm(h);
    const slots = h.run(add(1, 1), add(2, 2), add(3, 3), add(4, 4));
    expect(h.batches()).toEqual([slots.map((slot, i) => [slot, STATUS_OK, 2 * (i + 1)])]);
    expect(slots.map((slot) => h.claims[slot])).toEqual([CLAIM_DONE, CLAIM_DONE, CLAIM_DONE, CLAIM_DONE]);
  });

  it('learns that a function is short from its first synchronous call, and tells the pool', async () => {
    const h = harness();
    h.run(add(0, 0));
    await until(() => h.batches().length === 1);
    h.clear();
    // The first call waited for the module to load (asynchronous): `add` is not known short yet.
    expect(h.shortNotes()).toEqual([]);
    const slots = h.run(add(1, 1), add(2, 2), add(3, 3));
    expect(h.shortNotes()).toEqual([[OP_SHORT, ADD, true]]);
    expect(h.batches()).toEqual([slots.map((slot, i) => [slot, STATUS_OK, 2 * (i + 1)])]);
  });

  it('sends what it holds before a job of a function it has not timed', async () => {
    const h = harness();
    await warm(h);
    const slots = h.run(add(1, 1), add(2, 2), [ECHO, 'echo', ['x']], add(3, 3));
    expect(h.batches()).toEqual([
      [
        [slots[0], STATUS_OK, 2],
        [slots[1], STATUS_OK, 4],
      ],
      [
        [slots[2], STATUS_OK, 'x'],
        [slots[3], STATUS_OK, 6],
      ],
    ]);
  });

  it('sends what it holds before awaiting an asynchronous job, and never batches behind one', async () => {
    const h = harness();
    await warm(h);
    const slots = h.run(add(1, 1), [DELAYED, 'delayed', ['late', 5]], add(2, 2));
    expect(h.batches()).toEqual([[[slots[0], STATUS_OK, 2]]]);
    await until(() => h.batches().length === 2);
    expect(h.batches()[1]).toEqual([
      [slots[1], STATUS_OK, 'late'],
      [slots[2], STATUS_OK, 4],
    ]);
  });

  it(`holds at most ${MAX_HELD_RESULTS} results`, async () => {
    // Time moves too little for the hold limit to matter.
    const h = harness(new SteppingClock(MAX_HOLD_MS / (10 * MAX_HELD_RESULTS)));
    await warm(h);
    h.run(...Array.from({ length: 2 * MAX_HELD_RESULTS + 3 }, (_, i) => add(i, 0)));
    expect(h.batches().map((batch) => batch.length)).toEqual([MAX_HELD_RESULTS, MAX_HELD_RESULTS, 3]);
    expect(
      h
        .batches()
        .flat()
        .map((row) => row[2]),
    ).toEqual(Array.from({ length: 2 * MAX_HELD_RESULTS + 3 }, (_, i) => i));
  });

  it(`sends held results once the oldest has waited ${MAX_HOLD_MS} ms`, async () => {
    const clock = new SteppingClock(SHORT_JOB_MS / 10);
    const h = harness(clock);
    await warm(h);
    // Each job reads the clock twice (start, end) and holding reads it once: 3 steps per job.
    clock.step = MAX_HOLD_MS / 7.5;
    h.run(...Array.from({ length: 8 }, (_, i) => add(i, 0)));
    const sizes = h.batches().map((batch) => batch.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    expect(Math.max(...sizes)).toBeLessThan(8);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  });

  it('a function that becomes slow is no longer short: its jobs flush what is held', async () => {
    const clock = new SteppingClock(SHORT_JOB_MS / 10);
    const h = harness(clock);
    await warm(h);
    clock.step = SHORT_JOB_MS * 5;
    const slots = h.run(add(1, 1), add(2, 2));
    expect(h.shortNotes()).toEqual([[OP_SHORT, ADD, false]]);
    expect(h.batches()).toEqual([[[slots[0], STATUS_OK, 2]], [[slots[1], STATUS_OK, 4]]]);
  });

  it('sends a result whose clone could run code alone, after what it holds', async () => {
    const h = harness();
    await warm(h);
    h.run([ECHO, 'echo', [1]], add(0, 0));
    h.clear();
    const tricky = {
      get value() {
        return 1;
      },
    };
    const slots = h.run(add(1, 1), [ECHO, 'echo', [tricky]], add(2, 2), add(3, 3));
    expect(h.batches()).toEqual([
      [[slots[0], STATUS_OK, 2]],
      [[slots[1], STATUS_OK, tricky]],
      [
        [slots[2], STATUS_OK, 4],
        [slots[3], STATUS_OK, 6],
      ],
    ]);
  });

  it('sends an object result at once, with its own transfer list, after what it holds', async () => {
    const h = harness();
    await warm(h);
    h.run([MAKE_BUFFER, 'makeBuffer', [1, 1]], [MAKE_BOXED, 'makeBoxedBuffer', [1, 1]], add(0, 0));
    h.clear();
    const slots = h.run(add(1, 1), [MAKE_BUFFER, 'makeBuffer', [2, 7]], [MAKE_BOXED, 'makeBoxedBuffer', [3, 9]]);
    const results = h.posted.filter((m) => m[0] === OP_RESULTS);
    // Only primitives are held: the held sum goes first, then each object alone (it is copied
    // when sent, so holding it would let the function change it first).
    expect(results.map((m) => m.filter((_, i) => i % 3 === 1))).toEqual([[slots[0]], [slots[1]], [slots[2]]]);
    const bytes = results[1]?.[3] as Uint8Array;
    const boxed = results[2]?.[3] as { bytes: Uint8Array };
    expect([...bytes]).toEqual([7, 7]);
    expect([...boxed.bytes]).toEqual([9, 9, 9]);
    const sent = h.transfers.filter((_, i) => h.posted[i]?.[0] === OP_RESULTS);
    expect(sent).toEqual([[], [bytes.buffer], [boxed.bytes.buffer]]);
  });

  it('skips a withdrawn job (it never runs) and reports it withdrawn in the batch', async () => {
    const h = harness();
    await warm(h);
    const first = h.run(add(9, 9));
    h.clear();
    const slots = [(first[0] as number) + 1, (first[0] as number) + 2, (first[0] as number) + 3];
    h.claims[slots[1] as number] = CLAIM_WITHDRAWN;
    h.run(add(1, 1), [ECHO, 'echo', ['never']], add(3, 3));
    expect(h.batches()).toEqual([
      [
        [slots[0], STATUS_OK, 2],
        [slots[1], STATUS_WITHDRAWN, undefined],
        [slots[2], STATUS_OK, 6],
      ],
    ]);
  });

  it('flush() sends what is held (the worker entry calls it when the thread exits)', async () => {
    const h = harness();
    await warm(h);
    h.runner.flush();
    expect(h.batches()).toEqual([]);
    h.run(add(1, 1));
    h.runner.flush();
    expect(h.batches()).toHaveLength(1);
  });
});
