// One fuzz input: a byte tape drives every decision of one run of a scenario.
import { LivelockError, runTape } from '@sched/sim';

/** Default step budget of one input: a run that takes more steps ends with the verdict `budget`. */
export const DEFAULT_MAX_STEPS = 10_000;

/**
 * Runs `scenario` once with every decision read from `bytes` (through `runTape`, which also
 * records the run's interleaving coverage). The verdict is `pass`, `fail` (the scenario's failure
 * is the bug) or `budget` (the run used up its step budget: the harness's own verdict, so an
 * endless interleaving never becomes an AFL timeout, which would kill the harness).
 * @param {(sim: import('@sched/sim').Simulator) => unknown} scenario
 * @param {Uint8Array} bytes
 * @param {{ maxSteps?: number }} [options]
 * @returns {Promise<{ verdict: 'pass' | 'fail' | 'budget', error?: unknown, coverage: readonly number[], simulator: import('@sched/sim').Simulator }>}
 */
export async function runTapeOnce(scenario, bytes, options = {}) {
  const { outcome, coverage } = await runTape(scenario, bytes, { maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS });
  if (outcome.ok) return { verdict: 'pass', coverage, simulator: outcome.simulator };
  const verdict = outcome.error instanceof LivelockError ? 'budget' : 'fail';
  return { verdict, error: outcome.error, coverage, simulator: outcome.simulator };
}
