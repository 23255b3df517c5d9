import { type Scheduler, spawn } from '@sched/core';
import { simTest } from '@sched/sim/vitest';
import { describe, expect } from 'vitest';

async function increment(scheduler: Scheduler, state: { count: number }) {
  const seen = state.count;
  await scheduler.timer(1); // a round trip: other tasks may run here
  state.count = seen + 1;
}

describe('counter', () => {
  simTest('two increments (A + B) never lose an update', { seeds: 200 }, async (sim) => {
    const state = { count: 0 };
    const a = spawn(sim, () => increment(sim, state));
    const b = spawn(sim, () => increment(sim, state));
    await sim.runUntilIdle();
    await a;
    await b;
    expect(state.count).toBe(2); // fails: one update is lost
  });
});
