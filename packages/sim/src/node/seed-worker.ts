import { parentPort, workerData } from 'node:worker_threads';
import { leanOptions } from '../run/run-lean.js';
import { runOne } from '../run/run-one.js';
import type { SeedlessOptions } from '../run/sim-fn.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';

/** What the parent sends each seed worker. */
export interface SeedWorkerData {
  readonly scenario: ScenarioRef;
  readonly seeds: readonly number[];
  readonly options: SeedlessOptions;
}

/** Messages from a seed worker to its parent. */
export type SeedWorkerMessage =
  | { readonly type: 'passed'; readonly seed: number }
  | { readonly type: 'failed'; readonly seed: number; readonly message: string }
  | { readonly type: 'done' };

// Runs the assigned seeds in increasing order; stops early once the parent says a lower seed failed.
const data = workerData as SeedWorkerData;
let stopAbove = Number.POSITIVE_INFINITY;
parentPort?.on('message', (message: { stopAbove: number }) => {
  stopAbove = Math.min(stopAbove, message.stopAbove);
});
const post = (message: SeedWorkerMessage): void => parentPort?.postMessage(message);

const fn = await loadScenario(data.scenario);
for (const seed of data.seeds) {
  // Let the parent's stop message in before each seed.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (seed > stopAbove) break;
  // Lean (unless `trace` is set): the parent re-runs a failing seed with the trace on to report it.
  const outcome = await runOne(fn, leanOptions({ ...data.options, seed }));
  if (outcome.ok) post({ type: 'passed', seed });
  else {
    post({ type: 'failed', seed, message: String((outcome.error as Error)?.stack ?? outcome.error) });
    break;
  }
}
post({ type: 'done' });
// The message listener would keep this thread alive; the parent learns the end from 'exit'.
parentPort?.close();
