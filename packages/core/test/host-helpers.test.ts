import { describe, expect, it } from 'vitest';
import {
  CallRunnable,
  callReporter,
  checkNonNegativeInteger,
  checkPositiveInteger,
  describeTask,
  dispatchOnLane,
  isThenable,
  taskName,
} from '../src/host.js';
import { InvalidArgumentError, type TaskInfo } from '../src/index.js';
import { emittedDuring } from './support/process-events.js';
import { TestHost } from './support/test-host.js';

const info = (over: Partial<TaskInfo> = {}): TaskInfo => ({
  id: 12,
  label: undefined,
  priority: 'normal',
  lane: 'foreground',
  sessionId: undefined,
  spawnLocation: undefined,
  ...over,
});

describe('the helpers every host shares (@sched/core/host)', () => {
  it('taskName and describeTask name a task the one way every message does', () => {
    expect(taskName(info())).toBe('task #12');
    expect(taskName(info({ label: 'resize' }))).toBe('task #12 "resize"');
    expect(describeTask(info({ label: 'resize', spawnLocation: '/app/a.ts:3:4' }))).toBe(
      'task #12 "resize" spawned at /app/a.ts:3:4',
    );
    expect(describeTask(info())).toBe(
      'task #12 spawned at unknown location (spawn locations are not captured on production hosts by default: call setSpawnLocationCapture(true) from @sched/core at start-up to record them)',
    );
  });

  it('integer checks return the value or throw InvalidArgumentError showing what was given', () => {
    expect(checkPositiveInteger('n', 3)).toBe(3);
    expect(checkNonNegativeInteger('n', 0)).toBe(0);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2', undefined]) {
      expect(() => checkPositiveInteger('n', bad)).toThrow(InvalidArgumentError);
    }
    for (const bad of [-1, 0.5, Number.NaN, '0', null]) {
      expect(() => checkNonNegativeInteger('n', bad)).toThrow(InvalidArgumentError);
    }
    expect(() => checkPositiveInteger('iterations', Number.NaN, 'abc')).toThrow(
      expect.objectContaining({ argument: 'iterations', message: expect.stringContaining('"abc"') }),
    );
  });

  it('isThenable: objects and functions with a then method', () => {
    const fn = Object.assign(() => {}, { then: () => {} });
    expect([isThenable(Promise.resolve()), isThenable({ then() {} }), isThenable(fn)]).toEqual([true, true, true]);
    expect([isThenable(null), isThenable(1), isThenable({ then: 1 }), isThenable(undefined)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("dispatchOnLane queues a Runnable on its task's lane", () => {
    const host = new TestHost();
    dispatchOnLane(host, new CallRunnable(info({ id: 1, lane: 'background' }), () => {}));
    dispatchOnLane(host, new CallRunnable(info({ id: 2, lane: 'foreground' }), () => {}));
    expect(host.dispatched.map((r) => [r.taskId, r.lane])).toEqual([
      [1, 'background'],
      [2, 'foreground'],
    ]);
  });

  it('callReporter calls any reporter; one that throws does not break the caller, its failure is uncaught', async () => {
    const seen: unknown[] = [];
    callReporter((error) => seen.push(error), 'e1', info());
    expect(seen).toEqual(['e1']);

    const reporterFailure = new Error('reporter failed');
    const uncaught = await emittedDuring('uncaughtException', () => {
      expect(() =>
        callReporter(
          () => {
            throw reporterFailure;
          },
          'e2',
          info(),
        ),
      ).not.toThrow();
    });
    expect(uncaught).toEqual([reporterFailure]);
  });
});
