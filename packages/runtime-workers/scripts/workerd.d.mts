/** Path of the workerd binary shipped by the npm package. */
export declare const WORKERD_BINARY: string;

/** A directory holding a capnp config and every module a worker needs. */
export interface WorkerBundle {
  readonly dir: string;
  readonly config: string;
  cleanup(): void;
}

/** Lays out a worker module and the built @sched packages for workerd. */
export declare function bundleWorker(workerPath: string, options?: { readonly port?: number }): WorkerBundle;

/** The outcome of one `workerd test` run: each test entrypoint's verdict, and everything printed. */
export interface WorkerdTestRun {
  readonly verdicts: ReadonlyMap<string, 'PASS' | 'FAIL'>;
  readonly output: string;
  readonly exitCode: number | null;
}

/** Runs `workerd test` on a worker module. */
export declare function runWorkerdTests(workerPath: string): Promise<WorkerdTestRun>;

/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;

/** A `workerd serve` process listening on 127.0.0.1. */
export interface ServedWorker {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Serves a worker module with `workerd serve` on a free loopback port. */
export declare function serveWorker(workerPath: string, timeoutMs?: number): Promise<ServedWorker>;
