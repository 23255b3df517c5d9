import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkKnown, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';

export const CORPUS_HELP: string = `sched corpus merge <dir|file>... -o <dir>
  Merges corpora of byte tapes (AFL++ queue folders, libFuzzer corpora, single files) into one
  folder, one file per distinct tape named by its content hash. Hidden files and sub-folders are
  skipped. Use it to pool the corpora of CI shards or of AFL++ -M/-S instances.`;

/** `sched corpus merge`. */
export function corpus(args: ParsedArgs, io: CliIo): number {
  checkKnown(args, ['out']);
  const [sub, ...inputs] = args.positional;
  if (sub !== 'merge')
    throw new CliUsageError(`unknown corpus command "${sub ?? ''}"; try: sched corpus merge a b -o c`);
  const outOption = stringOption(args, 'out');
  if (outOption === undefined || inputs.length === 0) throw new CliUsageError('corpus merge needs inputs and -o <dir>');
  const out = resolve(io.cwd, outOption);
  mkdirSync(out, { recursive: true });
  const existing = new Set(readdirSync(out));
  let read = 0;
  let added = 0;
  for (const input of inputs) {
    const path = resolve(io.cwd, input);
    let files: string[];
    try {
      files = statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((name) => !name.startsWith('.'))
            .map((name) => join(path, name))
            .filter((file) => statSync(file).isFile())
        : [path];
    } catch (error) {
      throw new CliUsageError(`cannot read corpus ${path}: ${(error as Error).message}`);
    }
    for (const file of files.sort()) {
      const bytes = readFileSync(file);
      read++;
      const name = `tape-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
      if (existing.has(name)) continue;
      existing.add(name);
      writeFileSync(join(out, name), bytes);
      added++;
    }
  }
  io.out(`read ${read} tapes from ${inputs.length} inputs; added ${added} new, ${existing.size} in ${out}`);
  return EXIT.ok;
}
