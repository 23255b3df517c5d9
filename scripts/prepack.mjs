#!/usr/bin/env node
// The `prepack` script of every public package (`node ../../scripts/prepack.mjs`). It runs before
// `npm pack`, `npm publish`, `pnpm pack` and `pnpm publish`, in the package's directory, and
// refuses to pack a tarball that would not install outside this workspace:
//
// - a package with `workspace:` ranges packed by anything but pnpm. Only pnpm replaces
//   `workspace:^` with the real version; npm keeps it, and `npm install` of the tarball then
//   fails with EUNSUPPORTEDPROTOCOL.
// - a package whose entry points (exports, main, types) are not built;
// - a dist/ with files left from an older build: a source map naming a source that no longer
//   exists (the package's build script cleans dist/, but a build cache may restore old files).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const { env } = process; // set by npm / pnpm for the lifecycle scripts they run
const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const problems = [];

const byPnpm = /pnpm/i.test(basename(env.npm_execpath ?? '')) && /^pnpm\//.test(env.npm_config_user_agent ?? '');
const workspaceRanges = ['dependencies', 'peerDependencies', 'optionalDependencies']
  .flatMap((field) => Object.entries(pkg[field] ?? {}).map(([name, range]) => [field, name, range]))
  .filter(([, , range]) => String(range).startsWith('workspace:'));
if (!byPnpm && workspaceRanges.length > 0) {
  const tool = env.npm_command ? `\`npm ${env.npm_command}\`` : 'this package manager';
  problems.push(
    `${tool} would ship ${workspaceRanges.map(([field, name, range]) => `${field}["${name}"] = "${range}"`).join(', ')} ` +
      'unchanged, and installing the tarball would fail with EUNSUPPORTEDPROTOCOL. Only pnpm replaces `workspace:` ranges:\n' +
      '    node scripts/pack.mjs     (from the repository root: every public package into .packs/)\n' +
      '    pnpm pack                 (in this directory)\n' +
      '    pnpm publish / pnpm exec changeset publish   (see docs/releasing.md)',
  );
}

/** Every file path named by "exports" (conditions and subpaths, nulls skipped), "main" and "types". */
function entryFiles(value) {
  if (typeof value === 'string') return value.includes('*') ? [] : [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(entryFiles);
}
const missing = [...new Set([...entryFiles(pkg.exports), ...entryFiles(pkg.main), ...entryFiles(pkg.types)])].filter(
  (file) => !existsSync(join(dir, file)),
);
if (missing.length > 0) {
  problems.push(`not built: ${missing.join(', ')} missing. Run \`pnpm build\` at the repository root first.`);
}

/** Every file under `folder`, as paths relative to the package. */
const walk = (folder) =>
  readdirSync(join(dir, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
  );
const stale = (existsSync(join(dir, 'dist')) ? walk('dist') : [])
  .filter((file) => file.endsWith('.map'))
  .filter((file) => {
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const from = resolve(dir, dirname(file), map.sourceRoot ?? '');
    return map.sources.some((source, index) => !existsSync(resolve(from, source)) && !map.sourcesContent?.[index]);
  });
if (stale.length > 0) {
  const shown = stale.slice(0, 5);
  problems.push(
    `dist/ has files from an older build (their sources are gone): ${shown.join(', ')}${stale.length > 5 ? ', …' : ''}. ` +
      'Rebuild with `pnpm build` (it cleans dist/), or `pnpm build --force` if turbo restored them from its cache.',
  );
}

if (problems.length > 0) {
  console.error(`\n${pkg.name}: refusing to pack.`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('');
  process.exit(1);
}
