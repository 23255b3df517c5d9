import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Task, TaskContext, Timer } from '../src/index.js';
import {
  SchedError,
  Session,
  SessionCleanupError,
  setSpawnLocationCapture,
  spawn,
  spawnInSession,
  TaskCancelledError,
} from '../src/index.js';
import { callerLine, withoutColumn } from './support/location.js';
import { captureReports } from './support/reporter.js';
import { observe, TestHost } from './support/test-host.js';

// These tests read spawn locations; production hosts capture them only when asked ('auto' default).
let previousCapture: ReturnType<typeof setSpawnLocationCapture>;
beforeAll(() => {
  previousCapture = setSpawnLocationCapture(true);
});
afterAll(() => {
  setSpawnLocationCapture(previousCapture);
});

afterEach(() => {
  setSpawnLocationCapture(true);
});

/** Catches what `fn` throws (fails the test if it does not throw). */
function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Session cleanup validation', () => {
  it('lists each dangling task with its label and spawn location (this file, this line)', async () => {
    const host = new TestHost();
    const session = new Session('request 1');
    const wait = (ctx: TaskContext): Timer => ctx.sleep(10);
    const opts = { label: 'audit-write' };
    // Each spawn and its expected location share one line.
    const [labelled, labelledAt] = [session.spawn(host, wait, opts), callerLine()];
    const [anonymous, anonymousAt] = [session.spawn(host, wait), callerLine()];
    await host.runAll();

    const error = thrown(() => session.validateCleanup());

    expect(error).toBeInstanceOf(SessionCleanupError);
    expect(error).toBeInstanceOf(SchedError);
    const cleanup = error as SessionCleanupError;
    expect(cleanup.code).toBe('ERR_SESSION_CLEANUP');
    expect(cleanup.sessionId).toBe(session.id);
    expect(cleanup.danglingTasks.map((t) => t.id)).toEqual([labelled.id, anonymous.id]);
    expect(withoutColumn(cleanup.danglingTasks[0]?.spawnLocation)).toBe(labelledAt);
    expect(withoutColumn(cleanup.danglingTasks[1]?.spawnLocation)).toBe(anonymousAt);
    expect(cleanup.message).toContain(`session #${session.id} "request 1" ended with 2 dangling task(s)`);
    expect(cleanup.message).toContain(`task #${labelled.id} "audit-write" spawned at ${labelled.spawnLocation ?? '?'}`);
    expect(cleanup.message).toContain(`task #${anonymous.id} spawned at ${anonymous.spawnLocation ?? '?'}`);
    expect(cleanup.message).toMatch(/session\.test\.ts:\d+:\d+/);
  });

  it('does not list finished, awaited, detached, cancelled or registered tasks', async () => {
    // The failure is left unobserved on purpose: a reporter receives it instead of an unhandled rejection.
    const capture = captureReports();
    onTestFinished(capture.restore);
    const host = new TestHost();
    const session = new Session();
    const finished = session.spawn(host, () => 'done', { label: 'finished' });
    const failedUnobserved = session.spawn(
      host,
      (): void => {
        throw new Error('x');
      },
      { label: 'failed' },
    );
    const awaited = session.spawn(host, (ctx) => ctx.sleep(10), { label: 'awaited' });
    const detached = session.spawn(host, (ctx) => ctx.sleep(10), { label: 'detached' });
    const cancelledEarly = session.spawn(host, () => 1, { label: 'cancelled-early' });
    const cancelledLate = session.spawn(host, (ctx) => ctx.sleep(10), { label: 'cancelled-late' });
    const registered = session.spawn(host, (ctx) => ctx.sleep(10), { label: 'registered' });
    const dangling = session.spawn(host, (ctx) => ctx.sleep(10), { label: 'dangling' });

    const awaitedOutcome = observe(awaited);
    detached.detach();
    cancelledEarly.cancel();
    await host.runAll();
    cancelledLate.cancel();
    session.waitUntil(registered);

    expect(session.danglingTasks().map((t) => t.label)).toEqual(['dangling']);
    expect(session.liveTasks().map((t) => t.label)).toEqual(['awaited', 'detached', 'registered', 'dangling']);
    expect([finished.state, failedUnobserved.state]).toEqual(['succeeded', 'failed']);
    expect(awaitedOutcome.current.status).toBe('pending');
    expect(registered.handling).toBe('registered');
    expect(session.registered()).toEqual([registered]);

    const error = thrown(() => session.validateCleanup()) as SessionCleanupError;
    expect(error.danglingTasks.map((t) => t.id)).toEqual([dangling.id]);
    expect(error.message).not.toContain('"awaited"');

    // The failure nobody observed is reported too (with its error), not swallowed.
    expect(error.failedTasks.map((f) => f.task.id)).toEqual([failedUnobserved.id]);
    expect(error.message).toContain('"failed"');
    expect(error.message).toContain('Error: x');

    // Once the last one is handled and the failure observed, validation passes.
    dangling.detach();
    const again = thrown(() => session.validateCleanup()) as SessionCleanupError;
    expect(again.danglingTasks).toEqual([]);
    expect(again.failedTasks.map((f) => f.task.id)).toEqual([failedUnobserved.id]);
    await expect(failedUnobserved).rejects.toThrow('x');
    expect(() => session.validateCleanup()).not.toThrow();
    expect(capture.reports.map((r) => [r.task, (r.error as Error).cause])).toEqual([
      [failedUnobserved, failedUnobserved.failure],
    ]);
  });

  it('a dangling task stops dangling once it finishes', async () => {
    const host = new TestHost();
    const session = new Session();
    session.spawn(host, (ctx) => ctx.sleep(5));
    await host.runAll();
    expect(() => session.validateCleanup()).toThrow(SessionCleanupError);

    await host.advance(5);

    expect(session.liveTasks()).toEqual([]);
    expect(() => session.validateCleanup()).not.toThrow();
  });

  it('tasks are tagged with the session id; spawn({session}) and spawnInSession track them too', () => {
    const host = new TestHost();
    const a = new Session();
    const b = new Session();
    const viaOption = spawn(host, () => 1, { session: a });
    const viaHelper = spawnInSession(host, b, () => 1);
    const outside = spawn(host, () => 1);

    expect(b.id).not.toBe(a.id);
    expect(viaOption.sessionId).toBe(a.id);
    expect(viaHelper.sessionId).toBe(b.id);
    expect(outside.sessionId).toBeUndefined();
    expect(a.danglingTasks().map((t) => t.id)).toEqual([viaOption.id]);
    expect(b.danglingTasks().map((t) => t.id)).toEqual([viaHelper.id]);
  });

  it('says "unknown location", and how to turn capture on, when spawn location capture is off', () => {
    const host = new TestHost();
    setSpawnLocationCapture(false);
    const session = new Session();
    const task = session.spawn(host, () => 1, { label: 'nowhere' });
    const error = thrown(() => session.validateCleanup()) as SessionCleanupError;
    expect(error.message).toContain(`task #${task.id} "nowhere" spawned at unknown location`);
    expect(error.message).toContain('call setSpawnLocationCapture(true) from @sched/core');
    expect(error.message.split('setSpawnLocationCapture').length).toBe(2); // said once per report
    expect(error.message).toContain(`session #${session.id} ended`);
  });

  it('waitUntil accepts plain promises and keeps registration order', () => {
    const host = new TestHost();
    const session = new Session();
    const p = Promise.resolve(1);
    const t = session.spawn(host, () => 2);
    session.waitUntil(p);
    session.waitUntil(t);
    expect(session.registered()).toEqual([p, t]);
    expect(session.danglingTasks()).toEqual([]);
  });

  it('waitUntil does not downgrade an awaited or detached task', () => {
    const host = new TestHost();
    const session = new Session();
    const awaited = session.spawn(host, () => 1);
    const detached = session.spawn(host, () => 1);
    void awaited.then(() => {});
    detached.detach();
    session.waitUntil(awaited);
    session.waitUntil(detached);
    expect([awaited.handling, detached.handling]).toEqual(['awaited', 'detached']);
  });

  it('property: the dangling list is exactly the unfinished tasks nobody handles, in spawn order', async () => {
    const handling = fc.constantFrom('none', 'await', 'detach', 'cancel', 'register', 'finish');
    await fc.assert(
      fc.asyncProperty(fc.array(handling, { maxLength: 15 }), async (plan) => {
        const host = new TestHost();
        const session = new Session();
        const tasks: Task<unknown>[] = plan.map((h) =>
          session.spawn<unknown>(host, h === 'finish' ? () => 1 : (ctx) => ctx.sleep(100), { label: h }),
        );
        plan.forEach((h, i) => {
          const t = tasks[i] as Task<unknown>;
          if (h === 'await')
            void t.then(
              () => {},
              () => {},
            );
          if (h === 'detach') t.detach();
          if (h === 'cancel') t.cancel();
          if (h === 'register') session.waitUntil(t);
        });
        await host.runAll();

        const expected = tasks.filter((_, i) => plan[i] === 'none').map((t) => t.id);
        expect(session.danglingTasks().map((t) => t.id)).toEqual(expected);
        if (expected.length === 0) expect(() => session.validateCleanup()).not.toThrow();
        else
          expect(
            (thrown(() => session.validateCleanup()) as SessionCleanupError).danglingTasks.map((t) => t.id),
          ).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Session.unregisteredTasks (the Workers rule)', () => {
  it('lists unfinished tasks not registered with waitUntil, awaited and detached ones included, in spawn order', async () => {
    const host = new TestHost();
    const session = new Session();
    const pending = (ctx: TaskContext): Timer => ctx.sleep(100);
    const plain = session.spawn(host, pending);
    const awaited = session.spawn(host, pending);
    const registered = session.spawn(host, pending);
    const detached = session.spawn(host, pending);
    session.spawn(host, () => 'finished');
    void awaited.then(() => {});
    detached.detach();
    session.waitUntil(registered);
    session.waitUntil(Promise.resolve('a plain promise'));
    await host.runAll();

    expect(session.unregisteredTasks().map((t) => t.id)).toEqual([plain.id, awaited.id, detached.id]);
  });

  it('property: exactly the live tasks whose identity is not among the registered work, in spawn order', async () => {
    const plan = fc.array(fc.record({ finish: fc.boolean(), register: fc.nat(2) }), { maxLength: 15 });
    await fc.assert(
      fc.asyncProperty(plan, async (tasks) => {
        const host = new TestHost();
        const session = new Session();
        const spawned = tasks.map(({ finish }) =>
          session.spawn<unknown>(host, finish ? () => 1 : (ctx) => ctx.sleep(100)),
        );
        // Registered zero, one or two times (twice must not change the answer).
        tasks.forEach(({ register }, i) => {
          for (let n = 0; n < register; n++) session.waitUntil(spawned[i] as Task<unknown>);
        });
        await host.runAll();

        const expected = spawned.filter((_, i) => !tasks[i]?.finish && tasks[i]?.register === 0).map((t) => t.id);
        expect(session.unregisteredTasks().map((t) => t.id)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Session.close', () => {
  it('closes a clean session; spawning afterwards throws ERR_SESSION_CLOSED', async () => {
    const host = new TestHost();
    const session = new Session();
    session.spawn(host, () => 1);
    await host.runAll();

    session.close();

    expect(session.isClosed).toBe(true);
    const viaMethod = thrown(() => session.spawn(host, () => 1));
    expect(viaMethod).toBeInstanceOf(SchedError);
    expect((viaMethod as SchedError).code).toBe('ERR_SESSION_CLOSED');
    const dispatchedBefore = host.dispatched.length;
    const viaOption = thrown(() => spawn(host, () => 1, { session }));
    expect((viaOption as SchedError).code).toBe('ERR_SESSION_CLOSED');
    expect(host.dispatched.length).toBe(dispatchedBefore); // nothing was dispatched
  });

  it('with dangling tasks: throws SessionCleanupError and stays open', () => {
    const host = new TestHost();
    const session = new Session();
    session.spawn(host, () => 1);
    expect(() => session.close()).toThrow(SessionCleanupError);
    expect(session.isClosed).toBe(false);
  });

  it('close({ cancelDangling: true }) cancels only the dangling tasks, then closes', async () => {
    const host = new TestHost();
    const session = new Session();
    let runningSignal: AbortSignal | undefined;
    let notStartedRan = false;
    const finished = session.spawn(host, () => 'ok', { label: 'finished' });
    const running = session.spawn(
      host,
      async (ctx) => {
        runningSignal = ctx.signal;
        await ctx.sleep(100);
      },
      { label: 'running' },
    );
    await host.runAll();
    const notStarted = session.spawn(
      host,
      () => {
        notStartedRan = true;
      },
      { label: 'not started' },
    );
    const detached = session.spawn(host, (ctx) => ctx.sleep(100), { label: 'kept' });
    detached.detach();

    session.close({ cancelDangling: true });
    await host.runAll();

    expect(session.isClosed).toBe(true);
    expect(finished.state).toBe('succeeded');
    expect(running.state).toBe('cancelled');
    expect(runningSignal?.aborted).toBe(true);
    expect(notStarted.state).toBe('cancelled');
    expect(notStartedRan).toBe(false);
    await expect(notStarted).rejects.toBeInstanceOf(TaskCancelledError);
    await expect(running).rejects.toMatchObject({ reason: 'session closed' });
    expect(detached.isCancelled).toBe(false);
    expect(session.liveTasks().map((t) => t.label)).toEqual(['kept']);
  });

  it('close({ cancelDangling: true }): a cancelled-before-start body never runs', async () => {
    const host = new TestHost();
    const session = new Session();
    let ran = false;
    session.spawn(host, () => {
      ran = true;
    });
    session.close({ cancelDangling: true });
    await host.runAll();
    expect(ran).toBe(false);
  });
});
