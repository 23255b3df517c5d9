import { describe, expect, it } from 'vitest';
import { startTask, type TaskSpec } from '../../src/host.js';
import { Session, TaskCancelledError } from '../../src/index.js';
import { captureReports } from '../support/reporter.js';
import { TestHost } from '../support/test-host.js';

const forever = (): Promise<never> => new Promise<never>(() => {});

function spec(onCancel: TaskSpec['onCancel'], session?: Session): TaskSpec {
  return { label: 'hooked', priority: 'normal', lane: 'background', session, onCancel };
}

describe.each([
  { mode: 'native (no probe)', probe: false },
  { mode: 'probe', probe: true },
])('startTask with onCancel ($mode)', ({ probe }) => {
  it('dispatches the start Runnable on the spec lane, like spawn', async () => {
    const host = new TestHost({ probe });
    const task = startTask(host, async () => 7, spec(undefined));
    expect(host.dispatched.map((r) => [r.kind, r.lane, r.label])).toEqual([['start', 'background', 'hooked']]);
    await host.runAll();
    expect(await task).toBe(7);
  });

  it('calls the hook once, synchronously, after the cancellation is visible everywhere', async () => {
    const host = new TestHost({ probe });
    const session = new Session();
    const seen: unknown[] = [];
    let awaiterError: unknown;
    const task = startTask(
      host,
      forever,
      spec((error) => {
        seen.push({
          error,
          state: task.state,
          tracked: session.liveTasks().length,
        });
      }, session),
    );
    task.then(undefined, (error: unknown) => {
      awaiterError = error;
    });
    await host.runAll();
    expect(task.state).toBe('running');

    expect(task.cancel('stop')).toBe(true);
    expect(seen).toHaveLength(1);
    const [call] = seen as Array<{ error: TaskCancelledError; state: string; tracked: number }>;
    expect(call?.error).toBeInstanceOf(TaskCancelledError);
    expect(call?.error.reason).toBe('stop');
    expect(call?.state).toBe('cancelled');
    expect(call?.tracked).toBe(0);
    expect(task.cancel('again')).toBe(false);
    expect(seen).toHaveLength(1);
    await host.runAll();
    expect(awaiterError).toBe(call?.error);
  });

  it('receives the same error as ctx.signal.reason, created or not', async () => {
    const host = new TestHost({ probe });
    let hooked: unknown;
    let signal: AbortSignal | undefined;
    const task = startTask(
      host,
      (ctx) => {
        signal = ctx.signal;
        return forever();
      },
      spec((error) => {
        hooked = error;
      }),
    );
    await host.runAll();
    task.cancel();
    expect(signal?.reason).toBe(hooked);
  });

  it('is called before the task starts too, and the body never runs', async () => {
    const host = new TestHost({ probe });
    let ran = false;
    let calls = 0;
    const task = startTask(
      host,
      async () => {
        ran = true;
      },
      spec(() => calls++),
    );
    expect(task.cancel()).toBe(true);
    await host.runAll();
    expect([ran, calls, task.state]).toEqual([false, 1, 'cancelled']);
  });

  it('is never called once the task finished', async () => {
    const host = new TestHost({ probe });
    let calls = 0;
    const ok = startTask(
      host,
      async () => 1,
      spec(() => calls++),
    );
    const bad = startTask(
      host,
      async () => {
        throw new Error('boom');
      },
      spec(() => calls++),
    );
    void bad.fallible().then(undefined, () => {});
    await host.runAll();
    expect([ok.cancel(), bad.cancel(), calls]).toEqual([false, false, 0]);
  });

  it('a throwing hook goes to the error reporter with the task, and cancel() still returns true', async () => {
    const host = new TestHost({ probe });
    const failure = new Error('hook failed');
    const task = startTask(
      host,
      forever,
      spec(() => {
        throw failure;
      }),
    );
    void task.fallible();
    await host.runAll();
    const { reports, restore } = captureReports();
    try {
      expect(task.cancel()).toBe(true);
      expect(reports).toEqual([{ error: failure, task }]);
      expect(task.state).toBe('cancelled');
    } finally {
      restore();
    }
  });
});
