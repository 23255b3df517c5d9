#!/usr/bin/env node
// `pnpm mutate [package…] [stryker options]`: mutation testing with StrykerJS, one package
// after the other (core, sim, runtime-node by default). Not part of `pnpm test` or CI: it takes
// a long time on 2 cores, and is run before a release (docs/mutation.md). Runs are incremental:
// mutation/incremental/<package>.json remembers every mutant's result, so only mutants in changed
// code, or covered by changed tests, run again (pass --force to run them all).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const all = ['core', 'sim', 'runtime-node'];
// Package names first, then Stryker's own options with their values (`--mutate 'glob,glob'`).
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const packages = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);

for (const pkg of packages) {
  if (!all.includes(pkg)) {
    console.error(`pnpm mutate: unknown package "${pkg}" (expected one of: ${all.join(', ')})`);
    process.exit(2);
  }
}

const stryker = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'stryker.cmd' : 'stryker');
if (!existsSync(stryker)) {
  console.error('pnpm mutate: StrykerJS is not installed; run `pnpm install` first');
  process.exit(2);
}

let status = 0;
for (const pkg of packages.length > 0 ? packages : all) {
  console.log(`\n━━ mutate ${pkg}`);
  const result = spawnSync(stryker, ['run', `mutation/${pkg}.config.mjs`, ...options], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
