/** Path of the workerd binary shipped by the npm package. */
export declare const WORKERD_BINARY: string;

/** A directory holding a capnp config and every module a worker needs. */
export interface WorkerBundle {
  readonly dir: string;
  readonly config: string;
  cleanup(): void;
}

/** Which built @sched packages to lay out besides core and runtime-workers (names under packages/). */
export interface BundleOptions {
  readonly packages?: readonly string[] | undefined;
  /** Where the packages are read from, as `<name>/dist` (default: the repository's packages/). */
  readonly packagesDir?: string | undefined;
}

/** Lays out a worker module and the built @sched packages for workerd. */
export declare function bundleWorker(
  workerPath: string,
  options?: BundleOptions & { readonly port?: number | undefined },
): WorkerBundle;

/** The outcome of one `workerd test` run: each test entrypoint's verdict, and everything printed. */
export interface WorkerdTestRun {
  readonly verdicts: ReadonlyMap<string, 'PASS' | 'FAIL'>;
  readonly output: string;
  readonly exitCode: number | null;
}

/** Runs `workerd test` on a worker module. */
export declare function runWorkerdTests(workerPath: string, options?: BundleOptions): Promise<WorkerdTestRun>;

/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;

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
