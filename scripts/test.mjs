#!/usr/bin/env node
// `pnpm test`: the one command that checks everything, in the order CI needs it.
// Each step is a root package.json script, run with node_modules/.bin on PATH (as `pnpm run`
// would), under a header, and timed. The first failing step stops the run (pass --keep-going to
// run every step anyway). The last line printed is the summary CI reads, computed from vitest's
// JSON report by scripts/vitest-summary.mjs.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_FILE, summarize } from './vitest-summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const keepGoing = process.argv.includes('--keep-going');

/** Steps in order; `when` returns a reason to skip the step, or undefined to run it. */
const steps = [
  // afl-fuzz and Debian's chromium for the AFL++ and browser tests: a no-op when present,
  // installed with apt-get when missing (as root), else a clear message naming the package.
  { script: 'setup:system' },
  { script: 'build' },
  { script: 'lint' },
  { script: 'typecheck' },
  { script: 'check:packages' },
  { script: 'api:check' },
  { script: 'test:unit' },
  {
    script: 'bench:smoke',
    when: () => (existsSync(join(root, 'tools/bench/run.mjs')) ? undefined : 'tools/bench/run.mjs does not exist yet'),
  },
];

const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

// A stale report from an earlier run must never be mistaken for this run's result.
rmSync(RESULTS_FILE, { force: true });

const results = [];
let status = 0;
for (const [index, step] of steps.entries()) {
  const command = scripts[step.script];
  const skipReason = command === undefined ? `no "${step.script}" script in package.json` : step.when?.();
  const title = `[${index + 1}/${steps.length}] ${step.script}`;
  if (skipReason !== undefined) {
    console.log(`\n━━ ${title}: skipped (${skipReason})`);
    results.push({ name: step.script, outcome: 'skipped', ms: 0 });
    continue;
  }
  if (status !== 0 && !keepGoing) {
    results.push({ name: step.script, outcome: 'not run', ms: 0 });
    continue;
  }
  console.log(`\n━━ ${title}: ${command}`);
  const started = performance.now();
  const run = spawnSync(command, { cwd: root, env, shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const ms = performance.now() - started;
  const ok = run.status === 0;
  if (!ok) status = run.status ?? 1;
  const detail = run.error ? ` (${run.error.message})` : run.signal ? ` (killed by ${run.signal})` : '';
  console.log(`━━ ${step.script}: ${ok ? 'ok' : `FAILED with exit code ${run.status}${detail}`} in ${seconds(ms)}`);
  results.push({ name: step.script, outcome: ok ? 'ok' : 'FAILED', ms });
}

console.log('\n━━ steps');
for (const result of results) {
  console.log(`  ${result.outcome.padEnd(7)} ${result.name.padEnd(16)} ${result.ms > 0 ? seconds(result.ms) : ''}`);
}
const summary = summarize(status);
console.log(summary.line);
process.exit(summary.status);
