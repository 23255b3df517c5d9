import { SchedError } from '@sched/core';

/** Why a replay file was rejected; see {@link ReplayFileError}. */
export type ReplayFileProblem = 'truncated' | 'corrupt' | 'format-version' | 'package-version';

/**
 * Thrown by `parseReplayFile` for bytes that are not a replay file this version can replay:
 * cut short (`truncated`), damaged or not a replay file at all (`corrupt`), written in another
 * file format version (`format-version`), or by another version of `@sched/sim` when the reader
 * asked for an exact match (`package-version`). Never thrown for a valid file.
 */
export class ReplayFileError extends SchedError {
  /** What is wrong with the file. */
  readonly problem: ReplayFileProblem;

  constructor(problem: ReplayFileProblem, detail: string) {
    super(
      'ERR_SIM_REPLAY_FILE',
      `replay file ${problem === 'corrupt' ? 'is corrupt' : problem === 'truncated' ? 'is truncated' : `has another ${problem}`}: ${detail}`,
    );
    this.problem = problem;
  }
}
