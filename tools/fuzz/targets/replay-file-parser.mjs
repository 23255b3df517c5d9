// Fuzz target for the replay-file parser: no bytes may crash it. Any input either parses or is
// rejected with ReplayFileError; anything else thrown is a bug (a crash for the fuzzer).
import { parseReplayFile, ReplayFileError } from '@sched/sim';

/**
 * libFuzzer-style target: `fuzz(data)` throws only on a parser bug.
 * @param {Uint8Array} data
 */
export function fuzz(data) {
  try {
    parseReplayFile(data);
  } catch (error) {
    if (!(error instanceof ReplayFileError)) throw error;
  }
}
