import { type ErrorReporter, setErrorReporter, type TaskInfo } from '@sched/core';

/** Where one running simulator wants unobserved task errors to go. */
export interface ErrorSink {
  /** True if `task` runs on this simulator. */
  owns(task: TaskInfo): boolean;
  report(error: unknown, task: TaskInfo): void;
}

/**
 * Installs one global error reporter while any simulator runs and sends each unobserved error to
 * the simulator that owns the failing task (else to the one that started running last). Installs
 * nest: the reporter that was there before comes back when the last simulator stops. (Saving and
 * restoring per simulator left one simulator's reporter installed for good when two runs overlapped,
 * and every later unobserved error was silently captured by it.)
 */
export class UnobservedErrorRouter {
  static readonly #sinks: ErrorSink[] = [];
  static #previous: ErrorReporter | undefined;

  /** Starts routing errors to `sink`; returns the function that stops it. */
  static install(sink: ErrorSink): () => void {
    UnobservedErrorRouter.add(sink);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      UnobservedErrorRouter.remove(sink);
    };
  }

  /**
   * {@link UnobservedErrorRouter.install} without a closure: routes to `sink` until
   * {@link UnobservedErrorRouter.remove}, called once per add.
   */
  static add(sink: ErrorSink): void {
    UnobservedErrorRouter.#acquire();
    UnobservedErrorRouter.#sinks.push(sink);
  }

  /** Undoes one {@link UnobservedErrorRouter.add} of `sink`. */
  static remove(sink: ErrorSink): void {
    const sinks = UnobservedErrorRouter.#sinks;
    const at = sinks.lastIndexOf(sink);
    if (at === sinks.length - 1) sinks.pop();
    else if (at >= 0) sinks.splice(at, 1);
    UnobservedErrorRouter.#release();
  }

  /**
   * Keeps the router installed, with or without sinks, until the returned function is called (a
   * multi-seed run holds it across its seeds). Without a sink, errors go to the reporter it
   * replaced.
   */
  static hold(): () => void {
    UnobservedErrorRouter.#acquire();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      UnobservedErrorRouter.#release();
    };
  }

  /**
   * Every add and hold (each run adds its sink) checks that the router is still the reporter: one
   * set meanwhile (by a test, or after a run that never ended) is wrapped in its turn, so
   * unobserved errors still reach the running simulator.
   */
  static #acquire(): void {
    const current = setErrorReporter(UnobservedErrorRouter.#route);
    if (UnobservedErrorRouter.#holds++ === 0 || current !== UnobservedErrorRouter.#route)
      UnobservedErrorRouter.#previous = current;
  }

  /** The last release puts the replaced reporter back, unless another was set meanwhile (it stays). */
  static #release(): void {
    if (--UnobservedErrorRouter.#holds !== 0) return;
    const installed = setErrorReporter(UnobservedErrorRouter.#previous as ErrorReporter);
    if (installed !== UnobservedErrorRouter.#route) setErrorReporter(installed);
  }

  static #holds = 0;

  static readonly #route: ErrorReporter = (error, task) => {
    const sinks = UnobservedErrorRouter.#sinks;
    const sink = sinks.find((s) => s.owns(task)) ?? sinks[sinks.length - 1];
    if (sink !== undefined) sink.report(error, task);
    else UnobservedErrorRouter.#previous?.(error, task);
  };
}
