// The seed's fuzz harness scenarios (seed 004, Phase 4: fuzz_basic_scheduling,
// fuzz_session_management, fuzz_task_priorities), driven by byte tapes: any tape must pass.
import type { TaskPriority } from '@sched/core';
import { explore, runTape, type Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

async function basicScheduling(sim: Simulator): Promise<void> {
  const task1 = sim.spawn(async () => 42);
  const task2 = sim.spawn(async () => 'hello');
  await sim.runUntilIdle();
  if (!task1.isFinished || !task2.isFinished) throw new Error('a task did not finish');
  expect([await task1, await task2]).toEqual([42, 'hello']);
}

async function sessionManagement(sim: Simulator): Promise<void> {
  const session = sim.session('fuzz');
  session.spawn(sim, async (ctx) => {
    await ctx.yieldNow();
  });
  await sim.runUntilIdle();
  session.validateCleanup();
  await sim.endSession(session);
}

async function taskPriorities(sim: Simulator): Promise<void> {
  const spawnWith = (priority: TaskPriority, value: number) => sim.spawn(async () => value, { priority });
  const low = spawnWith('background', 1);
  const normal = spawnWith('normal', 2);
  const high = spawnWith('user-blocking', 3);
  await sim.runUntilIdle();
  if (!(low.isFinished && normal.isFinished && high.isFinished)) throw new Error('a task did not finish');
  expect([await low, await normal, await high]).toEqual([1, 2, 3]);
}

const SCENARIOS = [
  ['basic scheduling', basicScheduling],
  ['session management', sessionManagement],
  ['task priorities', taskPriorities],
] as const;

describe.each(SCENARIOS)('seed fuzz harness: %s', (_name, scenario) => {
  it('passes on every byte tape, and each tape replays its run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 32 }), async (tape) => {
        const run = await runTape(scenario, tape);
        expect(run.outcome.ok).toBe(true);
        const again = await runTape(scenario, tape);
        expect(again.schedule).toEqual(run.schedule);
        expect(again.coverage).toEqual(run.coverage);
      }),
      { numRuns: 100 },
    );
  });

  it('survives a coverage-guided exploration and an exhaustive one', async () => {
    const guided = await explore(scenario, { strategy: 'coverage', budget: { schedules: 200 } });
    expect(guided).toMatchObject({ found: false, schedules: 200 });
    const proof = await explore(scenario, { strategy: 'exhaustive' });
    expect(proof.found === false && proof.exhaustive?.kind).toBe('proof');
  });
});
