import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replayDecisions } from '../../replay/replay-decisions.js';
import { formatReplayFile } from '../../replay/replay-file.js';
import { shrinkDecisions } from '../../replay/shrink-decisions.js';
import { checkKnown, integerOption, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { errorText } from '../error-text.js';
import { describeDecisions, readReplay } from './read-replay.js';
import { writeTapeOut } from './tape-out.js';

export const SHRINK_HELP: string = `sched shrink <file> [-o <out>] [--tape-out <file>] [--max-shrink-runs <n>] [--scenario <module>#<export>]
  Shrinks a failing replay file (seed, byte tape or schedule) to a 1-minimal schedule and writes
  it back (to <out>, default: the same file). Exit 1: the failure reproduced and was shrunk.`;

/** `sched shrink`. */
export async function shrink(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, ['out', 'max-shrink-runs', 'scenario', 'tape-out']);
  const { path, file, fn } = await readReplay(args, io, 'shrink');
  const maxRuns = integerOption(args, 'max-shrink-runs', 1000);
  if (maxRuns < 1) throw new CliUsageError('--max-shrink-runs must be at least 1');
  const first = await replayDecisions(fn, file.decisions, { trace: false });
  if (first.ok) {
    io.out(`the ${describeDecisions(file)} passes: nothing to shrink`);
    return EXIT.ok;
  }
  const shrunk = await shrinkDecisions(fn, file.decisions, {}, maxRuns);
  const out = resolve(io.cwd, stringOption(args, 'out') ?? path);
  const next = {
    ...file,
    decisions: { kind: 'schedule' as const, schedule: shrunk.schedule },
    failure: shrunk.outcome.ok ? undefined : errorText(shrunk.outcome.error),
  };
  writeFileSync(out, formatReplayFile(next));
  await writeTapeOut(args, io, fn, next);
  io.out(
    `shrunk ${describeDecisions(file)} to ${describeDecisions(next)} (${shrunk.minimal ? '1-minimal' : 'replay budget ran out'}, ${shrunk.runs} replays); wrote ${out}`,
  );
  return EXIT.failure;
}
