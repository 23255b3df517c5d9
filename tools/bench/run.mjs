#!/usr/bin/env node
// Entry point of `pnpm bench [group ...] [--smoke] [--samples N] [--write] [--json FILE]`.
// See tools/bench/README.md for the group contract and docs/benchmarks.md for the results.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './lib/main.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** @type {{ group: string, case?: string, phase?: string, round?: number, rounds?: number } | undefined} */
let position;

/** @param {unknown} reason */
const crash = (reason) => {
  const where = position
    ? ` while running group "${position.group}"${position.case ? `, case "${position.case}"` : ''}${position.phase ? `, ${position.phase} ${(position.round ?? 0) + 1}/${position.rounds}` : ''}`
    : '';
  process.stderr.write(
    `\nbench: uncaught error${where}:\n${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
  );
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const code = await main(process.argv.slice(2), {
  groupsDir: join(here, 'groups'),
  docPath: resolve(here, '../../docs/benchmarks.md'),
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  onPosition: (p) => {
    position = p;
  },
});
// Exit explicitly: a group may leave handles behind (worker pools, timers) that would keep
// the process alive; stdout and stderr are synchronous for files, pipes and terminals on Linux.
process.exit(code);
