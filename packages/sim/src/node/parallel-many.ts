import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkPositiveInteger } from '@sched/core/host';
import { reportFailure } from '../run/failure-report.js';
import type { ManyOptions } from '../run/many.js';
import { richOptions, runLean } from '../run/run-lean.js';
import { runOne } from '../run/run-one.js';
import { scheduleFromEnv, seedRange } from '../run/seed-range.js';
import type { SeedlessOptions } from '../run/sim-fn.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import type { SeedWorkerData, SeedWorkerMessage } from './seed-worker.js';

/** Options of {@link manyParallel}. */
export interface ParallelManyOptions extends Omit<ManyOptions, 'checkDeterminism' | 'source'> {
  /** Number of worker threads (default: available parallelism, at most the number of seeds). */
  readonly workers?: number | undefined;
}

/** Summary of a parallel multi-seed run that passed. */
export interface ParallelManyResult {
  readonly seeds: number;
  readonly workers: number;
}

/**
 * Like `many`, but spreads the seeds over worker threads. The body is named by module and
 * export (closures cannot cross threads). The reported failure is always the *lowest* failing
 * seed, whatever order the workers finish in, so the outcome is as deterministic as `many`'s.
 * The failing seed is then re-run on this thread to print its trace and replay command.
 *
 * @example
 * ```ts
 * // scenarios.ts
 * import { Mutex, yieldNow } from '@sched/core';
 * import type { Simulator } from '@sched/sim';
 *
 * export async function transfer(sim: Simulator): Promise<void> {
 *   const accounts = { a: 100, b: 0 };
 *   const mutex = new Mutex(sim);
 *   const move = (amount: number) =>
 *     sim.spawn(() =>
 *       mutex.runExclusive(async () => {
 *         const balance = accounts.a;
 *         await yieldNow(sim); // without the mutex, the other transfer could run here and be lost
 *         accounts.a = balance - amount;
 *         accounts.b += amount;
 *       }),
 *     );
 *   const moves = [move(10), move(20)];
 *   await sim.runUntilIdle();
 *   for (const m of moves) await m;
 *   if (accounts.a !== 70 || accounts.b !== 30) throw new Error(`lost update: ${JSON.stringify(accounts)}`);
 * }
 * ```
 *
 * and the program that runs it on every core:
 *
 * ```ts
 * import { manyParallel } from '@sched/sim/node';
 *
 * const result = await manyParallel(10_000, { module: new URL('./scenarios.js', import.meta.url), export: 'transfer' });
 * console.log(result.seeds); // 10000
 * ```
 */
export async function manyParallel(
  iterations: number,
  scenario: ScenarioRef,
  options: ParallelManyOptions = {},
): Promise<ParallelManyResult> {
  const schedule = scheduleFromEnv();
  if (schedule !== undefined) {
    // Replaying one schedule needs no threads: run it here.
    const outcome = await runLean(await loadScenario(scenario), { ...cloneableOptions(options), schedule });
    if (outcome.ok) return { seeds: 1, workers: 0 };
    reportFailure({ schedule }, outcome.error, outcome.simulator, options);
  }
  const range = seedRange(iterations, options.from ?? 0);
  const workerCount = checkPositiveInteger(
    'workers',
    Math.min(options.workers ?? availableParallelism(), range.count),
    options.workers,
  );
  // Load it here first: a bad module or export fails with a typed error before any thread starts.
  const fn = await loadScenario(scenario);
  const simOptions = cloneableOptions(options);
  const lowest = await runStripes(scenario, range, workerCount, simOptions, options.onProgress);
  if (lowest === undefined) return { seeds: range.count, workers: workerCount };

  // The report's run: the trace and spawn locations on (the workers ran lean).
  const outcome = await runOne(fn, richOptions({ ...simOptions, seed: lowest }));
  if (!outcome.ok) reportFailure({ seed: lowest }, outcome.error, outcome.simulator, options);
  throw new Error(
    `seed ${lowest} failed in a worker but passed when re-run on the main thread: the scenario is not deterministic`,
  );
}

function runStripes(
  scenario: ScenarioRef,
  range: { from: number; count: number },
  workerCount: number,
  options: SeedlessOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    let lowest: number | undefined;
    let done = 0;
    let running = workerCount;
    const workers: Worker[] = [];
    for (let w = 0; w < workerCount; w++) {
      const seeds: number[] = [];
      for (let i = w; i < range.count; i += workerCount) seeds.push(range.from + i);
      const data: SeedWorkerData = {
        scenario: { module: String(scenario.module), export: scenario.export },
        seeds,
        options,
      };
      const worker = new Worker(new URL('./seed-worker.js', import.meta.url), { workerData: data });
      workers.push(worker);
      worker.on('message', (message: SeedWorkerMessage) => {
        if (message.type === 'passed') onProgress?.(++done, range.count);
        else if (message.type === 'failed') {
          lowest = lowest === undefined ? message.seed : Math.min(lowest, message.seed);
          for (const other of workers) other.postMessage({ stopAbove: lowest });
        }
      });
      worker.on('error', (error) => {
        for (const other of workers) void other.terminate();
        reject(error);
      });
      worker.on('exit', () => {
        if (--running === 0) resolve(lowest);
      });
    }
  });
}

function cloneableOptions(options: ParallelManyOptions): SeedlessOptions {
  const { workers: _w, from: _f, replayCommand: _r, onProgress: _p, log: _l, ...rest } = options;
  return rest;
}
