// Which packages live under packages/, and which of them are public: the one list that
// scripts/pack.mjs packs, scripts/api-report.mjs reports on and scripts/check-packages.mjs checks
// (a package is public unless its package.json says `"private": true`).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, with a trailing separator. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every folder under packages/ (or `packagesDir`) with a package.json, private or not, sorted by
 * directory: `{ dir, pkg }`.
 */
export function allPackages(packagesDir = join(root, 'packages')) {
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => join(packagesDir, entry.name))
    .sort()
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
}

/** Every package under packages/ (or `packagesDir`) that is not private, sorted by directory: `{ dir, pkg }`. */
export function publicPackages(packagesDir = join(root, 'packages')) {
  return allPackages(packagesDir).filter(({ pkg }) => pkg.private !== true);
}
