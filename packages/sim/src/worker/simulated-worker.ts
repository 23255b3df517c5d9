import { NotCloneableError, type Scheduler, type SpawnOptions, spawn, type Task } from '@sched/core';

/**
 * What `structuredClone` accepts in its transfer list, in whichever global types the user has:
 * the DOM's `Transferable` or Node's `TransferListItem`, with no dependency on either lib.
 */
export type TransferItem = NonNullable<NonNullable<Parameters<typeof structuredClone>[1]>['transfer']>[number];

/** Options of {@link runOnSimulatedWorker}. */
export interface SimulatedWorkerOptions extends Omit<SpawnOptions, 'lane'> {
  /** Objects to transfer rather than copy, as with `postMessage`. */
  readonly transfer?: readonly TransferItem[] | undefined;
}

/**
 * Runs `fn(...args)` the way a real worker would see it: the arguments are structured-cloned
 * before the task starts (so a non-cloneable argument throws {@link NotCloneableError} right
 * here, before anything is "sent") and the result is structured-cloned on the way back. The
 * work runs as a background task, so the simulator interleaves it with everything else.
 *
 * @example
 * ```ts
 * import { runOnSimulatedWorker, Simulator } from '@sched/sim';
 *
 * const sim = new Simulator({ seed: 1 });
 * const task = runOnSimulatedWorker(sim, 'hash', (text: string) => text.length, ['abc']);
 * await sim.runUntilIdle();
 * console.log(await task); // 3
 * ```
 */
export function runOnSimulatedWorker<A extends unknown[], R>(
  scheduler: Scheduler,
  name: string,
  fn: (...args: A) => R | PromiseLike<R>,
  args: A,
  options: SimulatedWorkerOptions = {},
): Task<R> {
  const { transfer, ...spawnOptions } = options;
  const copied = cloneOrThrow('arguments', name, args, transfer);
  return spawn(scheduler, async () => cloneOrThrow('result', name, await fn(...copied), undefined), {
    label: name,
    ...spawnOptions,
    lane: 'background',
  });
}

function cloneOrThrow<T>(
  what: 'arguments' | 'result',
  name: string,
  value: T,
  transfer: readonly TransferItem[] | undefined,
): T {
  try {
    return structuredClone(value, transfer === undefined ? undefined : { transfer: [...transfer] });
  } catch (error) {
    throw new NotCloneableError(what, name, error);
  }
}
