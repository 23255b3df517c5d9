// The planted bug the AFL++ session must find: three workers take turns on a shared hand-off
// slot, and only one interleaving of their seven steps corrupts it. Every failure is this bug.
import { ByteTapeSource, runOne } from '@sched/sim';

/** The first seven steps that trigger the bug. */
export const PLANTED_ORDER = 'cabbcaa';

/**
 * Three tasks (a, b, c) log their steps; the bug fires when the log starts with the planted
 * order c a b b c a a (the default FIFO order is a b c a b c a b c).
 * @param {import('@sched/sim').Simulator} sim
 */
export async function plantedBug(sim) {
  /** @type {string[]} */
  const log = [];
  const worker = (/** @type {string} */ name) =>
    sim.spawn(
      async (ctx) => {
        for (let step = 0; step < 3; step++) {
          log.push(name);
          await ctx.yieldNow();
        }
      },
      { lane: 'background', label: name },
    );
  const tasks = [worker('a'), worker('b'), worker('c')];
  await sim.runUntilIdle();
  await Promise.all(tasks);
  if (log.join('').startsWith(PLANTED_ORDER)) {
    throw new Error(`planted bug: the hand-off slot was corrupted by the order ${log.join(' ')}`);
  }
}

/**
 * libFuzzer-style target (`LLVMFuzzerTestOneInput` as JavaScript engines spell it): the bytes are
 * the decision tape of one run; a failing run throws.
 * @param {Uint8Array} data
 */
export async function fuzz(data) {
  const outcome = await runOne(plantedBug, { source: new ByteTapeSource(data), maxSteps: 10_000 });
  if (!outcome.ok) throw outcome.error;
}
