/**
 * Base class of every error thrown by @sched. `code` is stable and machine-readable;
 * `message` is for people.
 *
 * @example
 * ```ts
 * try { await task } catch (e) { if (e instanceof SchedError) console.log(e.code) }
 * ```
 */
export class SchedError extends Error {
  /** Stable identifier, e.g. `"ERR_TASK_CANCELLED"`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
