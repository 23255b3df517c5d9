import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseReplayFile, type ReplayFile } from '../../replay/replay-file.js';
import type { SimFn } from '../../run/sim-fn.js';
import type { ParsedArgs } from '../args.js';
import { stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { loadScenarioSpec } from '../scenario-spec.js';

/** The replay file named by the one positional argument, and its scenario (`--scenario` overrides the file's). */
export async function readReplay(
  args: ParsedArgs,
  io: CliIo,
  command: string,
): Promise<{ readonly path: string; readonly file: ReplayFile; readonly fn: SimFn<unknown> }> {
  const [name, ...rest] = args.positional;
  if (name === undefined || rest.length > 0) throw new CliUsageError(`${command} takes exactly one replay file`);
  const path = resolve(io.cwd, name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliUsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const file = parseReplayFile(bytes);
  const fn = await loadScenarioSpec(stringOption(args, 'scenario') ?? file.scenario, io.cwd);
  return { path, file, fn };
}

/** `schedule 0.2.1`, `seed 7` or `tape of 12 bytes`. */
export function describeDecisions(file: ReplayFile): string {
  const d = file.decisions;
  if (d.kind === 'seed') return `seed ${d.seed}`;
  if (d.kind === 'tape') return `byte tape of ${d.tape.length} bytes`;
  return `schedule ${d.schedule.length === 0 ? '-' : d.schedule.join('.')}`;
}
