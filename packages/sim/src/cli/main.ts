import { InvalidArgumentError } from '@sched/core';
import { ReplayFileError } from '../errors/replay-file-error.js';
import { parseArgs } from './args.js';
import { type CliIo, EXIT } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';
import { CORPUS_HELP, corpus } from './commands/corpus.js';
import { EXPLORE_HELP, explore } from './commands/explore.js';
import { IMPORT_HELP, importTape } from './commands/import.js';
import { REPLAY_HELP, replay } from './commands/replay.js';
import { SHRINK_HELP, shrink } from './commands/shrink.js';
import { TRACE_HELP, trace } from './commands/trace.js';

const VALUED = [
  'strategy',
  'budget',
  'depth',
  'delays',
  'max-decisions',
  'corpus',
  'from',
  'shard',
  'max-shrink-runs',
  'out',
  'scenario',
  'html',
  'perfetto',
  'tape-out',
];

const COMMANDS = {
  explore: { run: explore, help: EXPLORE_HELP },
  replay: { run: replay, help: REPLAY_HELP },
  import: { run: importTape, help: IMPORT_HELP },
  shrink: { run: shrink, help: SHRINK_HELP },
  trace: { run: trace, help: TRACE_HELP },
  corpus: { run: corpus, help: CORPUS_HELP },
} as const;

/** The full `sched --help` text. */
export const HELP: string = `sched — explore, replay, shrink and draw interleavings of @sched/sim scenarios

A scenario is an exported async function (sim) => …, named <module>#<export>.

${Object.values(COMMANDS)
  .map((c) => c.help)
  .join('\n\n')}

Exit codes: 0 no failure, 1 failure found or reproduced, 2 bad command line,
3 unreadable replay file, 4 scenario could not be loaded.`;

/** Runs the `sched` command line `argv` (without node and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    const command = COMMANDS[name as keyof typeof COMMANDS] as (typeof COMMANDS)[keyof typeof COMMANDS] | undefined;
    if (command === undefined || !Object.hasOwn(COMMANDS, name)) throw new CliUsageError(`unknown command "${name}"`);
    const args = parseArgs(rest, VALUED);
    if (args.options.get('help') === true) {
      io.out(command.help);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`sched: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof ReplayFileError) {
      io.err(`sched: ${error.message}`);
      return EXIT.replayFile;
    }
    if (error instanceof InvalidArgumentError) {
      io.err(`sched: ${error.message}`);
      return EXIT.input;
    }
    throw error;
  }
}
