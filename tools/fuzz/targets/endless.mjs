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
