import { SchedError, type TaskInfo } from '@sched/core';
import { describeWorkerTask } from '@sched/core/host';

/**
 * How a worker died while running a task:
 * - `uncaught-exception`: an exception escaped to the worker's top level (thrown from a timer or
 *   event callback), which ends a worker thread;
 * - `unhandled-rejection`: a promise rejected with no handler (Node's default
 *   `--unhandled-rejections=throw` ends the worker thread);
 * - `exit`: the worker called `process.exit()` (or otherwise stopped) while running the task;
 * - `out-of-memory`: the worker exceeded the pool's `resourceLimits`;
 * - `startup`: the worker thread could not start (its entry script failed to load).
 */
export type WorkerFaultKind = 'uncaught-exception' | 'unhandled-rejection' | 'exit' | 'out-of-memory' | 'startup';

/**
 * The rejection of a worker task whose worker died while running it.
 *
 * When to use: catch it to retry, or to tell a crash apart from an error the task threw (which
 * rejects with that error itself).
 *
 * Details: only the task that was running in the worker gets this error; tasks queued behind it
 * are sent to a replacement worker. A worker that dies while no task can be blamed (idle) is
 * reported to core's error reporter with this error (`taskId` undefined) instead. `kind` says how the worker died, `exitCode` is its exit code,
 * and `cause` holds the worker's error when there was one.
 *
 * @example
 * ```ts
 * import { WorkerCrashedError, WorkerPool, workerTask } from '@sched/runtime-node';
 *
 * // parse.mjs calls process.exit() for the input 'crash'
 * const parse = workerTask<[string], unknown>(new URL('./parse.mjs', import.meta.url), 'parse');
 * const pool = new WorkerPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 64 } });
 * try {
 *   await pool.run(parse, ['crash'], { label: 'parse crash' });
 * } catch (e) {
 *   if (e instanceof WorkerCrashedError) console.log(e.kind, e.label); // exit parse crash
 * }
 * console.log(await pool.run(parse, ['[1,2]'])); // [ 1, 2 ]
 * await pool.close();
 * ```
 */
export class WorkerCrashedError extends SchedError {
  /** Id of the task that was running. */
  readonly taskId: number | undefined;
  /** Label of the task that was running. */
  readonly label: string | undefined;
  /** How the worker died. */
  readonly kind: WorkerFaultKind;
  /** The worker's exit code, when it exited. */
  readonly exitCode: number | undefined;

  constructor(
    task: TaskInfo | undefined,
    module: string,
    exportName: string,
    kind: WorkerFaultKind,
    exitCode: number | undefined,
    cause?: unknown,
  ) {
    const how =
      kind === 'out-of-memory'
        ? 'ran out of memory'
        : kind === 'uncaught-exception'
          ? `threw an uncaught exception${cause instanceof Error ? `: ${cause.message}` : ''}`
          : kind === 'unhandled-rejection'
            ? `had an unhandled promise rejection${cause instanceof Error ? `: ${cause.message}` : ''}`
            : kind === 'startup'
              ? `failed to start${cause instanceof Error ? `: ${cause.message}` : ''}`
              : `exited with code ${String(exitCode)}`;
    const who =
      task === undefined && module === ''
        ? 'an idle worker of the pool'
        : `the worker running ${describeWorkerTask(task, module, exportName)}`;
    super('ERR_WORKER_CRASHED', `${who} ${how}`, cause === undefined ? undefined : { cause });
    this.taskId = task?.id;
    this.label = task?.label;
    this.kind = kind;
    this.exitCode = exitCode;
  }
}
