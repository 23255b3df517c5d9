import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { replayDecisions } from '../../replay/replay-decisions.js';
import { formatReplayFile, type ReplayFile } from '../../replay/replay-file.js';
import { shrinkDecisions } from '../../replay/shrink-decisions.js';
import { checkKnown, integerOption, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT, packageVersion } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { errorText } from '../error-text.js';
import { loadScenarioSpec } from '../scenario-spec.js';
import { describeDecisions } from './read-replay.js';
import { writeTapeOut } from './tape-out.js';

export const IMPORT_HELP: string = `sched import <module>#<export> <tape-file> [-o <out>] [--strategy <name>] [--no-shrink]
  Wraps a raw byte tape (an AFL++ crash, a corpus entry, a libFuzzer artifact) into a replay
  file for that scenario. A failing tape is shrunk to a 1-minimal schedule first (unless
  --no-shrink). Exit 1 when the tape fails, 0 when it passes.
  --strategy <name>   what found the tape, recorded in the file (default afl++)
  -o, --out <file>    replay file to write (default <tape-file>.sched-replay)
  --tape-out <file>   also write the (shrunk) run as a raw byte tape, e.g. into an AFL++ corpus`;

/** `sched import`. */
export async function importTape(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, ['out', 'strategy', 'no-shrink', 'max-shrink-runs', 'tape-out']);
  const [spec, tapePath, ...rest] = args.positional;
  if (spec === undefined || tapePath === undefined || rest.length > 0) {
    throw new CliUsageError('import takes a scenario and a tape file');
  }
  const fn = await loadScenarioSpec(spec, io.cwd);
  let tape: Uint8Array;
  try {
    tape = readFileSync(resolve(io.cwd, tapePath));
  } catch (error) {
    throw new CliUsageError(`cannot read ${tapePath}: ${(error as Error).message}`);
  }
  const maxRuns = integerOption(args, 'max-shrink-runs', 1000);
  if (maxRuns < 1) throw new CliUsageError('--max-shrink-runs must be at least 1');
  const decisions = { kind: 'tape' as const, tape: Uint8Array.from(tape) };
  const outcome = await replayDecisions(fn, decisions, { trace: false });
  let file: ReplayFile = {
    scenario: spec,
    packageVersion: packageVersion(),
    strategy: { name: stringOption(args, 'strategy') ?? 'afl++', params: { input: basename(tapePath) } },
    decisions,
    failure: outcome.ok ? undefined : errorText(outcome.error),
  };
  io.out(`tape of ${tape.length} bytes ${outcome.ok ? 'passes' : `fails: ${file.failure}`}`);
  if (!outcome.ok && args.options.get('no-shrink') !== true) {
    const shrunk = await shrinkDecisions(fn, decisions, {}, maxRuns);
    file = {
      ...file,
      decisions: { kind: 'schedule', schedule: shrunk.schedule },
      failure: shrunk.outcome.ok ? undefined : errorText(shrunk.outcome.error),
    };
    io.out(
      `shrunk to ${describeDecisions(file)} (${shrunk.minimal ? '1-minimal' : 'replay budget ran out'}, ${shrunk.runs} replays)`,
    );
  }
  const out = resolve(io.cwd, stringOption(args, 'out') ?? `${tapePath}.sched-replay`);
  writeFileSync(out, formatReplayFile(file));
  io.out(`wrote ${out}`);
  await writeTapeOut(args, io, fn, file);
  return outcome.ok ? EXIT.ok : EXIT.failure;
}
