import { runTapeOnce } from '../src/run-tape.mjs';

// A scenario that never ends (a task that yields forever): the harness must stop it with its own
// step budget and report `budget`, never hang until AFL's timeout kills the harness.

/** @param {import('@sched/sim').Simulator} sim */
export async function endless(sim) {
  const spinner = sim.spawn(
    async (ctx) => {
      for (;;) await ctx.yieldNow();
    },
    { label: 'spinner' },
  );
  await sim.runUntilIdle();
  await spinner;
}

/**
 * libFuzzer-style target: a run that uses up its step budget is not a bug, so it returns; any
 * other failure throws.
 * @param {Uint8Array} data
 */
export async function fuzz(data) {
  const { verdict, error } = await runTapeOnce(endless, data, { maxSteps: 1_000 });
  if (verdict === 'fail') throw error;
}
