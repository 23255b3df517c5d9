/** Page → worker: run `exportName` of `module` with `args`; the answer carries the same `id`. @internal */
export interface RunMessage {
  readonly id: number;
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
}

/**
 * Worker → page. `loaded`: the worker imported `module`, whose function exports are `exports`
 * (sent once per module and worker, before the reply to the run that loaded it). `done`: the function returned `value`; `threw`: it threw `error`; `load-failed`:
 * the module's `import()` failed; `no-export`: the module has no such function (`available` lists
 * those it has); `fault`: an unhandled rejection inside the worker (no id: the running task).
 * @internal
 */
export type WorkerReply =
  | { readonly op: 'loaded'; readonly module: string; readonly exports: readonly string[] }
  | { readonly op: 'done'; readonly id: number; readonly value: unknown }
  | { readonly op: 'threw'; readonly id: number; readonly error: unknown }
  | { readonly op: 'load-failed'; readonly id: number; readonly error: unknown }
  | { readonly op: 'no-export'; readonly id: number; readonly available: readonly string[] }
  | { readonly op: 'fault'; readonly error: unknown };
