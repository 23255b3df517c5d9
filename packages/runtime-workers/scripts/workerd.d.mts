/** Which built @sched packages to lay out besides core and runtime-workers (names under packages/). */
export interface BundleOptions {
  readonly packages?: readonly string[] | undefined;
  /** Where the packages are read from, as `<name>/dist` (default: the repository's packages/). */
  readonly packagesDir?: string | undefined;
}

/** The outcome of one `workerd test` run: each test entrypoint's verdict, and everything printed. */
export interface WorkerdTestRun {
  readonly verdicts: ReadonlyMap<string, 'PASS' | 'FAIL'>;
  readonly output: string;
  readonly exitCode: number | null;
}

/** Runs `workerd test` on a worker module. */
export declare function runWorkerdTests(workerPath: string, options?: BundleOptions): Promise<WorkerdTestRun>;

/** A `workerd serve` process listening on 127.0.0.1. */
export interface ServedWorker {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Serves a worker module with `workerd serve` on a free loopback port. */
export declare function serveWorker(
  workerPath: string,
  timeoutMs?: number,
  options?: BundleOptions,
): Promise<ServedWorker>;
