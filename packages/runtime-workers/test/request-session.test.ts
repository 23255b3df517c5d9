// RequestSession's phases, driven by hand on the simulator: what waitUntil does in each one.
import { setSpawnLocationCapture, type TaskInfo } from '@sched/core';
import { Simulator } from '@sched/sim';
import { afterEach, describe, expect, it } from 'vitest';
import { FloatingTaskError, LateWaitUntilError, RequestSession } from '../src/index.js';

function harness() {
  const sim = new Simulator({ seed: 3, autoAdvance: true });
  const kept: Promise<unknown>[] = [];
  const reports: Array<{ error: unknown; task: TaskInfo }> = [];
  const session = new RequestSession(
    'fetch GET /orders',
    { waitUntil: (p) => void kept.push(p) },
    {
      scheduler: sim,
      onError: (error, task) => void reports.push({ error, task }),
    },
  );
  return { sim, kept, reports, session };
}

describe('RequestSession.waitUntil', () => {
  afterEach(() => setSpawnLocationCapture(false));

  it('while draining: the drain waits for the new work, and nothing is reported', async () => {
    const { sim, kept, reports, session } = harness();
    const first = session.spawn(({ sleep }) => sleep(5));
    session.waitUntil(first);
    session.respond();
    expect(session.phase).toBe('draining');
    const log: string[] = [];
    const drained = session.drain().then(() => log.push('drained'));
    session.waitUntil(
      session.spawn(async ({ sleep }) => {
        await sleep(20);
        log.push('late work');
      }),
    );
    await sim.runUntil(drained);
    expect(log).toEqual(['late work', 'drained']);
    expect([session.phase, reports, kept.length]).toEqual(['ended', [], 0]);
  });

  it('after the drain ended: reports LateWaitUntilError naming the promise and its call site, still hands it to ctx', async () => {
    setSpawnLocationCapture(true);
    const { sim, kept, reports, session } = harness();
    session.respond();
    await sim.runUntil(session.drain());
    expect(session.phase).toBe('ended');

    let resolve = (_: string) => {};
    const late = new Promise<string>((r) => (resolve = r));
    session.waitUntil(late); // call site: late promise
    expect(reports).toHaveLength(1);
    const [report] = reports;
    expect(report?.error).toBeInstanceOf(LateWaitUntilError);
    const error = report?.error as LateWaitUntilError;
    expect([error.code, error.sessionName, error.task.label]).toEqual([
      'ERR_LATE_WAIT_UNTIL',
      'fetch GET /orders',
      'waitUntil promise',
    ]);
    expect(error.task.spawnLocation).toMatch(/request-session\.test\.ts:\d+:\d+$/);
    expect(error.message).toContain('after its drain had ended');
    expect(kept).toHaveLength(1);
    resolve('done');
    await expect(kept[0]).resolves.toBe(true);
  });

  it('after the drain ended: a task is reported as itself; the rejection of a late promise still reaches onError', async () => {
    const { sim, kept, reports, session } = harness();
    session.respond();
    await sim.runUntil(session.drain());
    const task = session.spawn(({ sleep }) => sleep(3), { label: 'late write' });
    session.waitUntil(task);
    expect(reports.map((r) => r.error instanceof LateWaitUntilError && r.error.task)).toEqual([task]);
    await sim.runUntilIdle();
    await expect(kept[0]).resolves.toBe(true);

    const rejected = Promise.reject(new Error('late rejection'));
    session.waitUntil(rejected);
    await expect(kept[1]).resolves.toBe(false);
    expect(
      reports.map((r) => (r.error instanceof LateWaitUntilError ? r.error.code : (r.error as Error).message)),
    ).toEqual(['ERR_LATE_WAIT_UNTIL', 'ERR_LATE_WAIT_UNTIL', 'late rejection']);
  });
});

describe('RequestSession floating tasks', () => {
  it('reports each floating task once, in the order found: at the response, then at the end of the drain', async () => {
    const { sim, reports, session } = harness();
    const early = session.spawn(({ sleep }) => sleep(1_000), { label: 'floating before the response' });
    let late: TaskInfo | undefined;
    session.waitUntil(
      session.spawn(
        async ({ sleep }) => {
          await sleep(5);
          late = session.spawn(({ sleep }) => sleep(1_000), { label: 'floating after the response' });
          await sleep(5);
        },
        { label: 'registered' },
      ),
    );

    // Compared by id, for a readable diff.
    const ids = (tasks: readonly (TaskInfo | undefined)[]): (number | undefined)[] => tasks.map((t) => t?.id);
    expect(ids(session.respond())).toEqual([early.id]);
    expect(ids(session.floatingTasks)).toEqual([early.id]);
    // Only as far as the drain needs: the floating tasks' timers (1 s) must not fire.
    const drained = session.drain();
    await sim.advanceTime(20);
    await drained;

    // `early` still floats at the end of the drain, but it was reported already.
    expect(early.isFinished).toBe(false);
    expect(late).toBeDefined();
    expect(ids(session.floatingTasks)).toEqual([early.id, late?.id]);
    expect(reports.map((r) => (r.error instanceof FloatingTaskError ? r.task.id : r.error))).toEqual([
      early.id,
      late?.id,
    ]);
  });
});
