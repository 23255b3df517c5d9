// simTest's options reach the test and many(), checked inside each declared test (so that
// Stryker's per-test coverage runs the check with the mutant). Written against the mutants that
// survived the first mutation run of src/vitest (docs/mutation.md).
import { seedRange } from '@sched/sim';
import { simTest } from '@sched/sim/vitest';
import { afterEach, describe, expect } from 'vitest';
import { getCurrentTest } from 'vitest/suite';

describe('simTest options', () => {
  const three = seedRange(3);
  const progress: number[] = [];
  let calls = 0;
  simTest(
    'runs exactly the given seeds, with the given timeout, passing the other options to many()',
    { seeds: 3, timeout: 12_345, onProgress: (done) => progress.push(done) },
    async (sim) => {
      expect(getCurrentTest()?.timeout).toBe(12_345);
      expect(sim.description).toBe(`seed ${three.from + calls}`);
      // onProgress reached many(): it reported every seed finished before this one.
      expect(progress).toEqual(Array.from({ length: calls }, (_, i) => i + 1));
      calls++;
      expect(calls).toBeLessThanOrEqual(three.count);
    },
  );

  let defaults = 0;
  simTest('defaults to a 60 s timeout when the body comes second', async () => {
    expect(getCurrentTest()?.timeout).toBe(60_000);
    defaults++;
    expect(defaults).toBeLessThanOrEqual(seedRange(100).count);
  });

  // An error in afterEach fails the test it follows: a declared test that ran no seed at all (or
  // too few) fails itself, not only a later test.
  afterEach(({ task }) => {
    if (task.name.startsWith('runs exactly')) expect(calls).toBe(three.count);
    if (task.name.startsWith('defaults to')) expect(defaults).toBe(seedRange(100).count);
  });
});
