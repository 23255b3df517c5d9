// Mutation-testing follow-up (docs/mutation.md, "sim: node/, errors/, check-determinism, seed-range"):
// the exact messages and fields of the simulator's errors.
import { SchedError, type TaskInfo } from '@sched/core';
import { SPAWN_LOCATION_HINT } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { DeadlockError } from '../../src/errors/deadlock-error.js';
import { NonDeterminismError } from '../../src/errors/non-determinism-error.js';
import { ReplayFileError } from '../../src/errors/replay-file-error.js';
import { RerunMismatchError } from '../../src/errors/rerun-mismatch-error.js';
import { SimulationFailure } from '../../src/errors/simulation-failure.js';
import { StalledBodyError } from '../../src/errors/stalled-body-error.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { traceEvent } from '../support/trace-event.js';

const task = (id: number, label: string | undefined, spawnLocation?: string): TaskInfo => ({
  id,
  label,
  priority: 'normal',
  lane: 'foreground',
  sessionId: undefined,
  spawnLocation,
});

const event: TraceEvent = traceEvent({ step: 3, time: 7, task: 2, label: 'w' });

describe('DeadlockError', () => {
  it('lists each task without the hint, then gives the hint once when a location is missing', () => {
    const error = new DeadlockError([task(5, 'w'), task(6, undefined)], 0);
    expect(error.message).toBe(
      'the simulation went idle but the awaited promise never settled (no timer pending, so nothing can settle it). Unfinished tasks:\n' +
        '  - task #5 "w" spawned at unknown location\n' +
        '  - task #6 spawned at unknown location\n' +
        `(${SPAWN_LOCATION_HINT})`,
    );
    expect(error.blocked.map((t) => t.id)).toEqual([5, 6]);
  });

  it('gives no hint when every task has its location', () => {
    const error = new DeadlockError([task(5, 'w', '/a.ts:1:2')], 3);
    expect(error.message).toBe(
      'the simulation went idle but the awaited promise never settled (3 timers pending; enable autoAdvance or call advanceTime to fire them). Unfinished tasks:\n' +
        '  - task #5 "w" spawned at /a.ts:1:2',
    );
  });
});

describe('StalledBodyError', () => {
  it('names each pending task once: ready to resume, ready to start, or waiting', () => {
    const a = task(1, 'a');
    const b = task(2, 'b', '/b.ts:2:3');
    const c = task(3, undefined);
    const error = new StalledBodyError([a, b], [a, c], 4);
    expect(error.code).toBe('ERR_SIM_STALLED_BODY');
    expect(error).toBeInstanceOf(SchedError);
    expect(error.message).toBe(
      'the test body is waiting, but no simulator run is in progress, so nothing can happen: call `await sim.runUntilIdle()` or `await sim.runUntil(task)` before awaiting tasks (2 task(s) ready, 4 timer(s) pending). Pending tasks:\n' +
        '  - task #1 "a" ready to resume, spawned at unknown location\n' +
        '  - task #2 "b" ready to start, spawned at /b.ts:2:3\n' +
        '  - task #3 waiting, spawned at unknown location',
    );
    expect(error.ready).toEqual([a, b]);
    expect(error.live).toEqual([a, c]);
    expect(error.pendingTimers).toBe(4);
  });

  it('says (none) without pending tasks', () => {
    expect(new StalledBodyError([], [], 0).message).toMatch(
      /\(0 task\(s\) ready, 0 timer\(s\) pending\)\. Pending tasks:\n {2}\(none\)$/,
    );
  });
});

describe('ReplayFileError', () => {
  it.each([
    ['corrupt', 'replay file is corrupt: bad magic'],
    ['truncated', 'replay file is truncated: bad magic'],
    ['format-version', 'replay file has another format-version: bad magic'],
    ['package-version', 'replay file has another package-version: bad magic'],
  ] as const)('words the %s problem', (problem, message) => {
    const error = new ReplayFileError(problem, 'bad magic');
    expect(error.message).toBe(message);
    expect(error.problem).toBe(problem);
    expect(error.code).toBe('ERR_SIM_REPLAY_FILE');
  });
});

describe('RerunMismatchError', () => {
  it('quotes both runs (hash as 8 hex digits) and keeps the original as cause', () => {
    const original = new Error('boom');
    const first = { steps: 12, hash: 0xab, outcome: 'Error: boom' };
    const rerun = { steps: 13, hash: 0xdeadbeef, outcome: 'passed' };
    const error = new RerunMismatchError('seed 4', first, rerun, original);
    expect(error.code).toBe('ERR_SIM_NONDETERMINISM');
    expect(error.cause).toBe(original);
    expect(error.first).toBe(first);
    expect(error.rerun).toBe(rerun);
    expect(error.message).toBe(
      'seed 4 is not deterministic: re-running the failing run with the trace on did not repeat it\n' +
        '  first run: 12 steps, trace hash 000000ab, Error: boom\n' +
        '  re-run:    13 steps, trace hash deadbeef, passed\n' +
        'The body depends on something outside the simulator. The original failure follows (and is the cause).\n' +
        'If the body reads sim.trace (its events or spawn sites), pass { trace: true }: by default passing seeds run without trace events and spawn locations.\n' +
        'Original error: Error: boom',
    );
  });
});

describe('SimulationFailure and NonDeterminismError', () => {
  it('SimulationFailure has its code, message and cause', () => {
    const error = new SimulationFailure('seed 3 failed', 'a string');
    expect(error.code).toBe('ERR_SIM_FAILURE');
    expect(error.message).toBe('seed 3 failed');
    expect(error.cause).toBe('a string');
  });

  it('NonDeterminismError says "(ended)" for a first run that ended first', () => {
    expect(new NonDeterminismError('seed 1', 0, undefined, event).message).toBe(
      'seed 1 is not deterministic: runs diverge at step 1:\n  first run:  (ended)\n  second run: #3 t=7ms task 2 "w" start (background)',
    );
  });
});
