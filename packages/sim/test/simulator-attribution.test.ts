// Attribution modes as the simulator picks them, endSession with a registered task that fails,
// and which start Runnables the simulator accepts. Written against the survivors of a mutation
// run of src/simulator.ts (docs/mutation.md).
import { InvalidArgumentError, spawn } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { Simulator, type SimulatorOptions } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { cheapTaskContext } from '../src/escapes/task-context.js';
import { uncontrolledWrapper } from './support/wrappers.js';

/**
 * One task with two flows (a sleep of 5, and a sleep of 3 reached after three native hops) and
 * another that yields four times: the trace, as `label:kind@time`.
 */
async function twoFlows(attribution: SimulatorOptions['attribution'], seed: number): Promise<string[]> {
  const sim = new Simulator({ seed, autoAdvance: true, attribution });
  sim.spawn(
    async (ctx) => {
      await Promise.all([
        ctx.sleep(5),
        (async () => {
          await null;
          await null;
          await null;
          await ctx.sleep(3);
        })(),
      ]);
    },
    { label: 'deep' },
  );
  sim.spawn(
    async (ctx) => {
      for (let i = 0; i < 4; i++) await ctx.yieldNow();
    },
    { label: 'other' },
  );
  await sim.runUntilIdle();
  return sim.trace.events.map((e) => `${e.label}:${e.kind}@${e.time}`);
}

describe('attribution', () => {
  it("'exact' credits the late flow's sleep to its own task; 'step' to the task whose step it ran in", async () => {
    for (const seed of [0, 1, 2, 3]) {
      const exact = await twoFlows('exact', seed);
      const step = await twoFlows('step', seed);
      expect(exact.filter((e) => e.startsWith('deep:resume'))).toEqual(['deep:resume@3', 'deep:resume@5']);
      expect(exact.filter((e) => e.startsWith('other:'))).toHaveLength(5);
      expect(step.filter((e) => e.startsWith('deep:resume'))).toEqual(['deep:resume@5']);
      expect(step).toContain('other:resume@3');
      expect(step.filter((e) => e.startsWith('other:'))).toHaveLength(6);
    }
  });

  it("'auto' is 'exact' where AsyncLocalStorage is cheap and 'step' elsewhere; it is the default", async () => {
    for (const seed of [0, 1]) {
      const expected = await twoFlows(cheapTaskContext ? 'exact' : 'step', seed);
      expect(await twoFlows('auto', seed)).toEqual(expected);
      expect(await twoFlows(undefined, seed)).toEqual(expected);
    }
  });
});

describe('endSession with a registered task that fails', () => {
  it('reports it like a detached task: recorded (failOnUnobservedError: false), and endSession resolves', async () => {
    const sim = new Simulator({ order: 'fifo', failOnUnobservedError: false });
    const session = sim.session('req');
    const boom = new Error('registered work failed');
    const failing = spawn(
      sim,
      async (ctx) => {
        await ctx.yieldNow();
        throw boom;
      },
      { session, label: 'failing' },
    );
    session.waitUntil(failing);
    await sim.endSession(session);
    expect(session.isClosed).toBe(true);
    expect(sim.unobservedErrors.map((u) => u.error)).toEqual([boom]);
    expect(sim.unobservedErrors[0]?.task.label).toBe('failing');
  });

  it('fails the run with its error by default', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const session = sim.session('req');
    const boom = new Error('registered work failed');
    session.waitUntil(spawn(sim, async () => Promise.reject(boom), { session }));
    await expect(sim.endSession(session)).rejects.toBe(boom);
  });
});

describe('which start Runnables the simulator accepts', () => {
  it('a start Runnable of work that is not a core task (no owning scheduler) is accepted and runs', async () => {
    const sim = new Simulator();
    const ran: string[] = [];
    sim.dispatchForeground(new CallRunnable(hostInfo('boot'), () => ran.push('fg'), 'start'));
    sim.dispatchBackground(new CallRunnable(hostInfo('boot-bg'), () => ran.push('bg'), 'start'));
    expect(sim.readyCount).toBe(2);
    await sim.step();
    await sim.step();
    expect(ran.sort()).toEqual(['bg', 'fg']);
  });

  it('a task of a wrapper without forwardControl is refused with the fix in the message', () => {
    const sim = new Simulator();
    const wrapper = uncontrolledWrapper(sim); // every method delegated, no forwardControl
    let error: unknown;
    try {
      spawn(wrapper, async () => 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('scheduler');
    expect((error as InvalidArgumentError).value).toBe(wrapper);
    expect((error as Error).message).toContain('call forwardControl(wrapper, sim) once');
  });
});
