import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { takeUnobservedFailures } from '../../src/host.js';
import {
  type Runnable,
  Session,
  setSpawnLocationCapture as setCapture,
  spawn,
  type Task,
  UnobservedTaskError,
} from '../../src/index.js';
import { emittedDuring } from '../support/process-events.js';
import { captureReports } from '../support/reporter.js';
import { TestHost } from '../support/test-host.js';

// The messages name spawn locations; production hosts capture them only when asked.
let previousCapture: ReturnType<typeof setCapture>;
beforeAll(() => {
  previousCapture = setCapture(true);
});
afterAll(() => {
  setCapture(previousCapture);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The unhandled rejections raised while `fn` runs (and every microtask after it settles). */
const unhandledDuring = (fn: () => Promise<void>): Promise<unknown[]> => emittedDuring('unhandledRejection', fn);

/** Runs each Runnable the moment it is dispatched: a task whose body throws has failed when `spawn` returns. */
class ImmediateHost extends TestHost {
  override dispatchForeground(runnable: Runnable): void {
    runnable.run();
  }
}

function failing(host: TestHost, label: string, boom: Error): { task: Task<void> } {
  const task = spawn(
    host,
    (): void => {
      throw boom;
    },
    { label },
  );
  return { task };
}

describe('a failure nobody observes, production host with the default reporter', () => {
  it('surfaces as an unhandled rejection naming the task and its spawn site, with the error as cause', async () => {
    const boom = new Error('nobody looked');
    let task: Task<void> | undefined;
    const seen = await unhandledDuring(async () => {
      const host = new TestHost();
      ({ task } = failing(host, 'forgotten', boom));
      await host.runAll();
    });

    expect(seen).toHaveLength(1);
    const error = seen[0] as UnobservedTaskError;
    expect(error).toBeInstanceOf(UnobservedTaskError);
    expect(error.code).toBe('ERR_UNOBSERVED_TASK_FAILURE');
    expect(error.cause).toBe(boom);
    expect(error.task).toBe(task);
    expect(error.message).toContain(`task #${task?.id} "forgotten" spawned at `);
    expect(task?.spawnLocation).toMatch(/unobserved\.test\.ts:\d+:\d+$/);
    expect(error.message).toContain(task?.spawnLocation);
    expect(error.message).toContain('Error: nobody looked');
  });

  it('is not raised when the task is observed after it failed, in the same microtask drain', async () => {
    const late: unknown[] = [];
    const seen = await unhandledDuring(async () => {
      const host = new TestHost();
      const { task } = failing(host, 'observed late', new Error('late'));
      const stepping = host.step(); // runs the body synchronously: the task fails now
      expect(task.state).toBe('failed');
      await Promise.resolve();
      await Promise.resolve();
      task.then(undefined, (error: unknown) => late.push(error));
      await stepping;
    });

    expect(seen).toEqual([]);
    expect(late).toHaveLength(1);
  });

  it('fallible(), detach() and waitUntil after the failure (same drain) count as observing it', async () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    const errors = [new Error('fallible'), new Error('detach'), new Error('registered')];
    const seen = await unhandledDuring(async () => {
      const host = new ImmediateHost();
      const session = new Session();
      const a = failing(host, 'a', errors[0] as Error).task;
      const b = failing(host, 'b', errors[1] as Error).task;
      const c = session.spawn(host, (): void => {
        throw errors[2];
      });
      expect([a.state, b.state, c.state]).toEqual(['failed', 'failed', 'failed']);
      await Promise.resolve();
      a.fallible().then(undefined, () => {});
      b.detach();
      session.waitUntil(c);
    });

    expect(seen).toEqual([]);
    // Detached and registered work reports its failure through the (default) reporter.
    expect(printed.map((args) => args[1])).toEqual([errors[1], errors[2]]);
  });

  it('raises nothing for a cancelled or successful task', async () => {
    const seen = await unhandledDuring(async () => {
      const host = new TestHost();
      spawn(host, () => 1);
      spawn(host, () => 1).cancel();
      const running = spawn(host, (ctx) => ctx.sleep(5));
      await host.runAll();
      running.cancel();
      await host.advance(10);
    });
    expect(seen).toEqual([]);
  });
});

describe('a failure nobody observes, production host with a reporter installed', () => {
  it('goes to the reporter as an UnobservedTaskError (no unhandled rejection)', async () => {
    const capture = captureReports();
    const boom = new Error('to the reporter');
    try {
      let task: Task<void> | undefined;
      const seen = await unhandledDuring(async () => {
        const host = new TestHost();
        task = failing(host, 'reported', boom).task;
        await host.runAll();
      });

      expect(seen).toEqual([]);
      expect(capture.reports).toHaveLength(1);
      const report = capture.reports[0];
      expect(report?.task).toBe(task);
      expect(report?.error).toBeInstanceOf(UnobservedTaskError);
      const error = report?.error as Error;
      expect(error.cause).toBe(boom);
      expect(error.message).toContain(`task #${task?.id} "reported"`);
    } finally {
      capture.restore();
    }
  });

  it('is not reported when the task is observed before the check the host runs', async () => {
    const capture = captureReports();
    try {
      const host = new TestHost();
      const { task } = failing(host, 'seen in time', new Error('x'));
      await host.step(); // fails; the check is now queued on the host
      expect(task.state).toBe('failed');
      const outcome = task.then(
        () => 'ok',
        (error: unknown) => (error as Error).message,
      );
      await host.runAll();

      expect(await outcome).toBe('x');
      expect(capture.reports).toEqual([]);
    } finally {
      capture.restore();
    }
  });
});

describe('a failure nobody observes, host with a probe', () => {
  it('raises and reports nothing at once, and is listed by takeUnobservedFailures until observed', async () => {
    const capture = captureReports();
    const boom = new Error('for the host');
    try {
      let first: Task<void> | undefined;
      let second: Task<void> | undefined;
      const host = new TestHost({ probe: true });
      const seen = await unhandledDuring(async () => {
        first = failing(host, 'first', boom).task;
        second = failing(host, 'second', new Error('observed later')).task;
        spawn(host, () => 'fine');
        await host.runAll();
      });
      expect(seen).toEqual([]);
      expect(capture.reports).toEqual([]);

      second?.then(undefined, () => {}); // observed after it failed: no longer listed

      expect(takeUnobservedFailures(host)).toEqual([{ task: first, error: boom }]);
      expect(takeUnobservedFailures(host)).toEqual([]); // taken once
      expect(takeUnobservedFailures(new TestHost())).toEqual([]);
    } finally {
      capture.restore();
    }
  });
});

describe('UnobservedTaskError', () => {
  it('says where to enable spawn locations when none was captured (capture off), and lists further failures', () => {
    const before = setCapture(false);
    const info = { id: 7, label: undefined, priority: 'normal', lane: 'foreground', sessionId: undefined } as const;
    const error = new UnobservedTaskError({ ...info, spawnLocation: undefined }, 'plain', [
      { task: { ...info, id: 8, label: 'b', spawnLocation: '/x.ts:1:2' }, error: new TypeError('t') },
    ]);
    expect(error.message).toBe(
      'task #7 spawned at unknown location (spawn locations are not captured on production hosts by default: call setSpawnLocationCapture(true) from @sched/core at start-up to record them) failed and nobody observed its error (it was not awaited, detached or registered with waitUntil): plain\n' +
        '1 more unobserved failure(s):\n' +
        '  - task #8 "b" spawned at /x.ts:1:2: TypeError: t',
    );
    expect(error.also).toHaveLength(1);
    expect(Object.keys(error)).not.toContain('task');
    setCapture(before);
  });
});
