import { type TestContext, test } from 'vitest';
import { type ManyOptions, many } from '../run/many.js';
import { relativeToCwd, replayPrefix, vitestCommand, vitestTaskNames } from '../run/replay-command.js';
import type { SimFn } from '../run/sim-fn.js';

/** Options of {@link simTest}. */
export interface SimTestOptions extends ManyOptions {
  /** How many seeds to run (default 100; `ITERATIONS` overrides, `SEED` or `SCHEDULE` runs one). */
  readonly seeds?: number | undefined;
  /** Test timeout in ms (default 60,000). */
  readonly timeout?: number | undefined;
}

/** The signature of {@link simTest} and of its `only` and `skip` variants. */
export interface SimTestDeclare {
  (name: string, options: SimTestOptions, fn: SimFn<unknown>): void;
  (name: string, fn: SimFn<unknown>): void;
}

/** {@link simTest}: a function, with `.only` and `.skip` like vitest's `test`. */
export interface SimTest extends SimTestDeclare {
  /** Like `test.only`: in a file with `.only` tests, only those run. */
  readonly only: SimTestDeclare;
  /** Like `test.skip`: declared and reported as skipped, never run. */
  readonly skip: SimTestDeclare;
}

type VitestTestApi = (name: string, options: { timeout: number }, fn: (context: TestContext) => Promise<void>) => void;

function declare(api: VitestTestApi): SimTestDeclare {
  return (name: string, options: SimTestOptions | SimFn<unknown>, fn?: SimFn<unknown>): void => {
    const opts: SimTestOptions = typeof options === 'function' ? {} : options;
    const body = (typeof options === 'function' ? options : fn) as SimFn<unknown>;
    api(name, { timeout: opts.timeout ?? 60_000 }, async (context) => {
      const task = context.task;
      const command = vitestCommand({ file: relativeToCwd(task.file.filepath), names: vitestTaskNames(task) });
      await many(opts.seeds ?? 100, body, {
        ...opts,
        replayCommand: opts.replayCommand ?? ((replay) => `${replayPrefix(replay)} ${command}`),
      });
    });
  };
}

/**
 * Declares a vitest test that runs `fn` on many seeds, each on a fresh simulator. A failure
 * prints `Failing seed: N` and the exact command that replays it,
 * `SEED=N npx vitest run <file> -t '^<describe names> <test name>$'` (the name escaped and
 * anchored, so it selects only this test), then fails the test with the original error, whose
 * message now ends with the seed, the replay command and the schedule. `SEED=<n>` or
 * `SCHEDULE=<s>` in the environment replays exactly that seed or schedule. `simTest.only` and
 * `simTest.skip` work like vitest's `test.only` and `test.skip`.
 *
 * @example
 * ```ts
 * import { simTest } from '@sched/sim/vitest';
 * import { expect } from 'vitest';
 *
 * simTest('counter survives any interleaving', { seeds: 200 }, async (sim) => {
 *   const counter = { n: 0 };
 *   const tasks = Array.from({ length: 3 }, () => sim.spawn(async () => { counter.n++; }));
 *   await sim.runUntilIdle();
 *   for (const task of tasks) await task;
 *   expect(counter.n).toBe(3);
 * });
 * ```
 */
export const simTest: SimTest = Object.assign(declare(test as VitestTestApi), {
  only: declare(test.only as VitestTestApi),
  skip: declare(test.skip as VitestTestApi),
});
