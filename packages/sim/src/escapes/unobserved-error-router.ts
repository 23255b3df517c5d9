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
    const sinks = UnobservedErrorRouter.#sinks;
    const release = UnobservedErrorRouter.hold();
    sinks.push(sink);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      sinks.splice(sinks.indexOf(sink), 1);
      release();
    };
  }

  /**
   * Keeps the router installed, with or without sinks, until the returned function is called (a
   * multi-seed run holds it across its seeds). Without a sink, errors go to the reporter it
   * replaced. Every hold (each run registers one) checks that the router is still the reporter:
   * one set meanwhile (by a test, or after a run that never ended) is wrapped in its turn, so
   * unobserved errors still reach the running simulator; the last release leaves a reporter set
   * meanwhile in place.
   */
  static hold(): () => void {
    const current = setErrorReporter(UnobservedErrorRouter.#route);
    if (UnobservedErrorRouter.#holds++ === 0 || current !== UnobservedErrorRouter.#route)
      UnobservedErrorRouter.#previous = current;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--UnobservedErrorRouter.#holds !== 0) return;
      const installed = setErrorReporter(UnobservedErrorRouter.#previous as ErrorReporter);
      if (installed !== UnobservedErrorRouter.#route) setErrorReporter(installed); // replaced meanwhile: keep it
    };
  }

  static #holds = 0;

  static readonly #route: ErrorReporter = (error, task) => {
    const sinks = UnobservedErrorRouter.#sinks;
    const sink = sinks.find((s) => s.owns(task)) ?? sinks[sinks.length - 1];
    if (sink !== undefined) sink.report(error, task);
    else UnobservedErrorRouter.#previous?.(error, task);
  };
}
