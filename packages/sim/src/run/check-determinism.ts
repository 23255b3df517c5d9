import { NonDeterminismError } from '../errors/non-determinism-error.js';
import type { SimulatorOptions } from '../simulator.js';
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
  const a = first.simulator.trace;
  const b = second.simulator.trace;
  const step = firstDivergence(a.events, b.events);
  if (step >= 0 || a.hash !== b.hash) {
    const at = Math.max(step, 0);
    throw new NonDeterminismError(first.simulator.description, at, a.events[at], b.events[at]);
  }
  if (!first.ok) throw first.error;
  return a.hash;
}
