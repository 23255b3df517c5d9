import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { byteTapeOf } from '../../replay/replay-decisions.js';
import type { ReplayFile } from '../../replay/replay-file.js';
import type { SimFn } from '../../run/sim-fn.js';
import { type ParsedArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';

/** `--tape-out <file>`: writes the file's run as a raw byte tape (see `byteTapeOf`). */
export async function writeTapeOut(args: ParsedArgs, io: CliIo, fn: SimFn<unknown>, file: ReplayFile): Promise<void> {
  const target = stringOption(args, 'tape-out');
  if (target === undefined) return;
  const out = resolve(io.cwd, target);
  const tape = await byteTapeOf(fn, file.decisions, { trace: false });
  writeFileSync(out, tape);
  io.out(`wrote ${out} (byte tape of ${tape.length} bytes)`);
}
