import { SchedError } from '@sched/core';
import { hostInfo } from '@sched/core/host';
import { DeadlockError, EscapeError, LivelockError, NonDeterminismError, type TraceEvent } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { traceEvent } from '../support/trace-event.js';

const event: TraceEvent = traceEvent({ step: 3, time: 7, task: 2, label: 'w' });

describe('simulator errors', () => {
  it('are SchedErrors with stable codes and their class name', () => {
    const errors = [
      new DeadlockError([], 0),
      new EscapeError('foreign-wake', 'm', undefined),
      new LivelockError(10, []),
      new NonDeterminismError('seed 1', 0, undefined, undefined),
    ];

    expect(errors.every((e) => e instanceof SchedError && e instanceof Error)).toBe(true);
    expect(errors.map((e) => e.code)).toEqual([
      'ERR_SIM_DEADLOCK',
      'ERR_SIM_ESCAPE',
      'ERR_SIM_LIVELOCK',
      'ERR_SIM_NONDETERMINISM',
    ]);
    expect(errors.map((e) => e.name)).toEqual(['DeadlockError', 'EscapeError', 'LivelockError', 'NonDeterminismError']);
  });

  it('DeadlockError lists blocked tasks and pending timers, or says (none)', () => {
    const task = { ...hostInfo('blocked'), id: 9, spawnLocation: '/x/y.test.ts:3:4' };

    expect(new DeadlockError([task], 2).message).toContain(
      '(2 timers pending; enable autoAdvance or call advanceTime to fire them)',
    );
    expect(new DeadlockError([task], 1).message).toContain(
      '(1 timer pending; enable autoAdvance or call advanceTime to fire them)',
    );
    expect(new DeadlockError([task], 2).message).toContain('  - task #9 "blocked" spawned at /x/y.test.ts:3:4');
    expect(new DeadlockError([], 0).message).toContain('Unfinished tasks:\n  (none)');
  });

  it('DeadlockError suggests autoAdvance or advanceTime only when timers are pending', () => {
    const task = { ...hostInfo('blocked'), id: 9, spawnLocation: '/x/y.test.ts:3:4' };
    const message = new DeadlockError([task], 0).message;

    expect(message).toContain('(no timer pending, so nothing can settle it)');
    expect(message).not.toMatch(/autoAdvance|advanceTime/);
  });

  it('LivelockError ends with the formatted trace tail', () => {
    const error = new LivelockError(3, [event]);

    expect(error.message.endsWith('Last steps:\n#3 t=7ms task 2 "w" start (background)')).toBe(true);
    expect(error.tail).toEqual([event]);
  });

  it('NonDeterminismError shows both sides of the divergence, 1-based', () => {
    const error = new NonDeterminismError('seed 4', 2, event, undefined);

    expect(error.step).toBe(2);
    expect(error.message).toBe(
      'seed 4 is not deterministic: runs diverge at step 3:\n  first run:  #3 t=7ms task 2 "w" start (background)\n  second run: (ended)',
    );
  });

  it('EscapeError keeps its kind and location', () => {
    const error = new EscapeError('parked-on-foreign', 'waiting', '/a.ts:1:2');

    expect(error.kind).toBe('parked-on-foreign');
    expect(error.location).toBe('/a.ts:1:2');
    expect(error.message).toBe('waiting');
  });
});
