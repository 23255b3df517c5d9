import { SchedError } from '@sched/core';

/** What one run of a seed or schedule did: its step count, trace hash and outcome. */
export interface RunSummary {
  /** Steps the run took. */
  readonly steps: number;
  /** Its rolling trace hash (kept even without trace events). */
  readonly hash: number;
  /** `passed`, or the failure's kind and message (`TypeError: boom`). */
  readonly outcome: string;
}

/**
 * A failing seed (or schedule) was re-run with its trace and spawn locations on, to report it, and
 * the re-run did not repeat the run: another step count, another trace hash, or another outcome.
 * The body depends on something outside the simulator (a counter or clock that changes between
 * runs, real I/O). The original failure is the `cause`, and its message is quoted.
 */
export class RerunMismatchError extends SchedError {
  /** The first, failing run. */
  readonly first: RunSummary;
  /** The re-run that was meant to report it. */
  readonly rerun: RunSummary;

  constructor(description: string, first: RunSummary, rerun: RunSummary, original: unknown) {
    super(
      'ERR_SIM_NONDETERMINISM',
      `${description} is not deterministic: re-running the failing run with the trace on did not repeat it\n` +
        `  first run: ${summary(first)}\n` +
        `  re-run:    ${summary(rerun)}\n` +
        'The body depends on something outside the simulator. The original failure follows (and is the cause).\n' +
        'If the body reads sim.trace (its events or spawn sites), pass { trace: true }: by default passing seeds run without trace events and spawn locations.\n' +
        `Original error: ${first.outcome}`,
      { cause: original },
    );
    this.first = first;
    this.rerun = rerun;
  }
}

function summary(run: RunSummary): string {
  return `${run.steps} steps, trace hash ${run.hash.toString(16).padStart(8, '0')}, ${run.outcome}`;
}
