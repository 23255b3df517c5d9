#!/usr/bin/env node
// Checks every publishable package under packages/ the way a consumer would see it:
// our own packaging policy, `publint --strict`, and `attw` (ESM-only profile, because
// these packages deliberately ship no CommonJS build). Private packages are skipped.
// Prints one line per package; exits non-zero if any package has a problem.
//
// Packages must be built first (`pnpm build`): both tools inspect the tarball that
// scripts/pack.mjs makes with `pnpm pack`, the one `pnpm publish` would upload (`attw --pack` would
// run `npm pack`, which keeps `workspace:` ranges and is refused by each package's prepack script).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPublicPackages, run as runCollecting } from './pack.mjs';
import { allPackages, root } from './public-packages.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Problems with the fields every public package must have (see the root README). */
function policyProblems(pkg) {
  const problems = [];
  if (pkg.type !== 'module') problems.push('"type" must be "module"');
  if (pkg.sideEffects !== false) problems.push('"sideEffects" must be false');
  if (!/^>=\s*20(\.|$)/.test(pkg.engines?.node ?? '')) problems.push('"engines.node" must be ">=20"');
  const main = pkg.exports?.['.'];
  if (typeof main !== 'object' || main === null || typeof main.types !== 'string') {
    problems.push('"exports[\'.\']" must be an object with a "types" condition');
  }
  if (pkg.exports?.['./internal/*'] !== null) problems.push('"exports[\'./internal/*\']" must be null');
  return problems;
}

/** Runs a command to completion, collecting its output instead of streaming it. */
function run(command, args, cwd) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return runCollecting(command, args, cwd, env);
}

/** Checks one package and its tarball; resolves to the lines to print and whether it passed. */
async function checkPackage(dir, pkg, tarball) {
  const problems = policyProblems(pkg);
  const [publint, attw] = await Promise.all([
    run(bin('publint'), ['--strict', tarball], dir),
    run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-color'], dir),
  ]);
  // attw exits 0 when it finds no types at all (e.g. an unbuilt package); that is a failure here.
  if (/does not contain types/.test(attw.output)) attw.ok = false;
  const ok = problems.length === 0 && publint.ok && attw.ok;
  const lines = [];
  if (!ok) {
    for (const problem of problems) lines.push(`  policy: ${problem}`);
    if (!publint.ok) lines.push(publint.output.trimEnd());
    if (!attw.ok) lines.push(attw.output.trimEnd());
  }
  const verdict = (name, passed) => `${name} ${passed ? 'ok' : 'FAIL'}`;
  lines.push(
    `${ok ? 'ok  ' : 'FAIL'} ${pkg.name}: ${verdict('policy', problems.length === 0)}, ` +
      `${verdict('publint --strict', publint.ok)}, ${verdict('attw', attw.ok)}`,
  );
  return { ok, lines };
}

const packDir = mkdtempSync(join(tmpdir(), 'sched-check-packages-'));
let tarballs;
try {
  tarballs = new Map((await packPublicPackages(packDir)).map(({ dir, tarball }) => [dir, tarball]));
} catch (error) {
  rmSync(packDir, { recursive: true, force: true });
  console.log(error instanceof Error ? error.message : error);
  console.log('FAIL could not pack the public packages (run `pnpm build` first)');
  process.exit(1);
}

const checks = [];
for (const { dir, pkg } of allPackages()) {
  if (pkg.private === true) checks.push(Promise.resolve({ ok: true, lines: [`-    ${pkg.name}: skipped (private)`] }));
  else checks.push(checkPackage(dir, pkg, tarballs.get(dir)));
}
const results = await Promise.all(checks);
rmSync(packDir, { recursive: true, force: true });
for (const result of results) console.log(result.lines.join('\n'));

const publicCount = results.filter((result) => !result.lines.at(-1).startsWith('-')).length;
if (publicCount === 0) {
  console.log('FAIL no public packages found under packages/');
  process.exit(1);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
