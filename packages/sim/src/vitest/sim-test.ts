import { relative } from 'node:path';
import { expect, test } from 'vitest';
import { type ManyOptions, many } from '../run/many.js';
import type { SimFn } from '../run/sim-fn.js';

/** Options of {@link simTest}. */
export interface SimTestOptions extends ManyOptions {
  /** How many seeds to run (default 100; `ITERATIONS` overrides, `SEED` runs one). */
  readonly seeds?: number | undefined;
  /** Test timeout in ms (default 60,000). */
  readonly timeout?: number | undefined;
}

/**
 * Declares a vitest test that runs `fn` on many seeds, each on a fresh simulator. A failure
 * prints `Failing seed: N` and the exact `SEED=N npx vitest run <file> -t <name>` command that
 * replays it, then fails the test with the original error.
 *
 * @example
 * ```ts
 * import { simTest } from '@sched/sim/vitest';
 *
 * simTest('counter survives any interleaving', { seeds: 200 }, async (sim) => {
 *   // ... spawn tasks on sim, await sim.runUntilIdle(), assert
 * });
 * ```
 */
export function simTest(name: string, options: SimTestOptions | SimFn<unknown>, fn?: SimFn<unknown>): void {
  const opts: SimTestOptions = typeof options === 'function' ? {} : options;
  const body = (typeof options === 'function' ? options : fn) as SimFn<unknown>;
  test(name, { timeout: opts.timeout ?? 60_000 }, async () => {
    const testPath = expect.getState().testPath;
    const file = testPath === undefined ? '' : relative(process.cwd(), testPath);
    await many(opts.seeds ?? 100, body, {
      ...opts,
      replayCommand: ({ seed }) => `SEED=${seed ?? 0} npx vitest run ${file} -t ${shellQuote(name)}`,
    });
  });
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
