#!/usr/bin/env node
// Checks every publishable package under packages/ the way a consumer would see it:
// our own packaging policy, `publint --strict`, and `attw --pack` (ESM-only profile, because
// these packages deliberately ship no CommonJS build). Private packages are skipped.
// Prints one line per package; exits non-zero if any package has a problem.
//
// Packages must be built first (`pnpm build`): both tools inspect the packed tarball.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
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
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error}` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/** Checks one package; resolves to the lines to print and whether it passed. */
async function checkPackage(dir, pkg) {
  const problems = policyProblems(pkg);
  const [publint, attw] = await Promise.all([
    run(bin('publint'), ['--strict'], dir),
    run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--no-color'], dir),
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
      `${verdict('publint --strict', publint.ok)}, ${verdict('attw --pack', attw.ok)}`,
  );
  return { ok, lines };
}

const packagesDir = join(root, 'packages');
const dirs = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
  .map((entry) => join(packagesDir, entry.name))
  .sort();

const checks = [];
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private === true) checks.push(Promise.resolve({ ok: true, lines: [`-    ${pkg.name}: skipped (private)`] }));
  else checks.push(checkPackage(dir, pkg));
}
const results = await Promise.all(checks);
for (const result of results) console.log(result.lines.join('\n'));

const publicCount = results.filter((result) => !result.lines.at(-1).startsWith('-')).length;
if (publicCount === 0) {
  console.log('FAIL no public packages found under packages/');
  process.exit(1);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
