import { replayDecisions } from '../../replay/replay-decisions.js';
import { renderTimeline } from '../../trace/timeline.js';
import { checkKnown, type ParsedArgs } from '../args.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { errorText } from '../error-text.js';
import { describeDecisions, readReplay } from './read-replay.js';

export const REPLAY_HELP: string = `sched replay <file> [--scenario <module>#<export>] [--quiet]
  Replays a replay file's run exactly and prints its outcome and timeline.
  Exit 1 when the run fails (the failure reproduced), 0 when it passes.`;

/** `sched replay`. */
export async function replay(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, ['scenario', 'quiet']);
  const { file, fn } = await readReplay(args, io, 'replay');
  const outcome = await replayDecisions(fn, file.decisions);
  io.out(
    `replay ${file.scenario} with ${describeDecisions(file)} (found by ${file.strategy.name}, @sched/sim ${file.packageVersion})`,
  );
  if (args.options.get('quiet') !== true) io.out(renderTimeline(outcome.simulator.trace.events));
  if (outcome.ok) {
    io.out(`passed${file.failure === undefined ? '' : ` (the file recorded: ${file.failure})`}`);
    return EXIT.ok;
  }
  io.out(`failed: ${errorText(outcome.error)}`);
  return EXIT.failure;
}
