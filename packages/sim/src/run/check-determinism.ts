import { NonDeterminismError } from '../errors/non-determinism-error.js';
import type { Simulator, SimulatorOptions } from '../simulator.js';
import { firstDivergence } from '../trace/trace.js';
import { runOne } from './run-one.js';
import type { SimFn } from './sim-fn.js';

/**
 * The determinism self-check: runs `fn` twice with the same options (seed or schedule) and
 * throws {@link NonDeterminismError} naming the first divergent step if the traces differ.
 * Resolves with the common trace hash; if the body failed (the same way both times), rethrows
 * its error instead.
 */
export async function checkDeterminism<T>(fn: SimFn<T>, options: SimulatorOptions = {}): Promise<number> {
  const first = await runOne(fn, { ...options, trace: true });
  const second = await runOne(fn, { ...options, trace: true });
  const diverged = divergence(first.simulator, second.simulator);
  if (diverged !== undefined) throw diverged;
  if (!first.ok) throw first.error;
  return first.simulator.trace.hash;
}

/**
 * Compares two runs of the same seed or schedule: a {@link NonDeterminismError} naming the first
 * divergent step if their traces (or trace hashes) differ, undefined if they agree.
 */
export function divergence(first: Simulator, second: Simulator): NonDeterminismError | undefined {
  const a = first.trace;
  const b = second.trace;
  const step = firstDivergence(a.events, b.events);
  if (step < 0 && a.hash === b.hash) return undefined;
  const at = Math.max(step, 0);
  return new NonDeterminismError(first.description, at, a.events[at], b.events[at]);
}
