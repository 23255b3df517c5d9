import { Simulator } from '@sched/sim';
import { describe, expect, test } from 'vitest';
import { EXPECTED, typeahead } from './scenarios/typeahead.js';

// The same scenario as test-browser/typeahead.test.ts, on the simulator: every seed explores a
// different order of the ready work, and the outcome must not change.
describe('typeahead scenario on @sched/sim', () => {
  test.each(Array.from({ length: 25 }, (_, seed) => seed))('seed %i gives the browser host outcome', async (seed) => {
    const sim = new Simulator({ seed, autoAdvance: true });
    const root = typeahead(sim);
    await sim.runUntilIdle();
    expect(await root).toEqual(EXPECTED);
    expect(sim.now()).toBeGreaterThanOrEqual(250);
  });
});
