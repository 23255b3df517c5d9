// sim.checkUnobserved() on a simulator driven directly. Written against the survivors of a
// mutation run of src/simulator.ts (docs/mutation.md).
import { UnobservedTaskError } from '@sched/core';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('checkUnobserved', () => {
  it('throws UnobservedTaskError for a task that failed with nobody observing it', async () => {
    const sim = new Simulator();
    const boom = new Error('nobody looked');
    sim.spawn(
      async () => {
        throw boom;
      },
      { label: 'ignored' },
    );
    await sim.runUntilIdle();
    let error: unknown;
    try {
      sim.checkUnobserved();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnobservedTaskError);
    expect((error as Error).cause).toBe(boom);
    expect((error as Error).message).toContain('"ignored"');
  });

  it('passes when every failure was observed', async () => {
    const sim = new Simulator();
    const task = sim.spawn(async () => {
      throw new Error('seen');
    });
    await sim.runUntilIdle();
    await expect(task).rejects.toThrow('seen');
    expect(() => sim.checkUnobserved()).not.toThrow();
  });
});
