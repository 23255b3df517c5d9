/** Page → worker: run `exportName` of `module` with `args`; the answer carries the same `id`. @internal */
export interface RunMessage {
  readonly id: number;
  readonly module: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
}

/**
 * Worker → page. `done`: the function returned `value`; `threw`: it threw `error`; `load-failed`:
 * the module's `import()` failed; `no-export`: the module has no such function (`available` lists
 * those it has); `fault`: an unhandled rejection inside the worker (no id: the running task).
 * @internal
 */
export type WorkerReply =
  | { readonly op: 'done'; readonly id: number; readonly value: unknown }
  | { readonly op: 'threw'; readonly id: number; readonly error: unknown }
  | { readonly op: 'load-failed'; readonly id: number; readonly error: unknown }
  | { readonly op: 'no-export'; readonly id: number; readonly available: readonly string[] }
  | { readonly op: 'fault'; readonly error: unknown };
