#!/usr/bin/env node
// Runs an AFL++ session on a scenario and reports what it reached: inputs/s, time to the first
// crash, corpus size. `--instances n` runs AFL++'s own parallel mode: one -M main and n-1 -S
// secondaries over one shared output folder (they sync their queues).
//
//   node tools/fuzz/run-afl.mjs [--target targets/planted-bug.mjs#plantedBug] [--seconds 60]
//                               [--instances 1] [--out /tmp/sched-afl]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'targets/planted-bug.mjs#plantedBug' },
    seconds: { type: 'string', default: '60' },
    instances: { type: 'string', default: '1' },
    out: { type: 'string', default: '/tmp/sched-afl' },
  },
});
const instances = Number(values.instances);
const out = resolve(values.out);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'in'), { recursive: true });
writeFileSync(join(out, 'in', 'header'), new Uint8Array(5));
const target = resolve(here, values.target);
const env = {
  ...process.env,
  AFL_SKIP_BIN_CHECK: '1',
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES: '1',
  AFL_SKIP_CPUFREQ: '1',
  AFL_NO_UI: '1',
  AFL_NO_AFFINITY: '1',
  AFL_MAP_SIZE: '65536',
  ...(instances === 1 ? { AFL_BENCH_UNTIL_CRASH: '1' } : {}),
};
const started = performance.now();
const runs = Array.from({ length: instances }, (_, i) => {
  const role = instances === 1 ? [] : i === 0 ? ['-M', 'main'] : ['-S', `secondary${i}`];
  const args = ['-i', join(out, 'in'), '-o', join(out, 'out'), ...role, '-t', '5000', '-V', values.seconds];
  const child = spawn('afl-fuzz', [...args, '--', process.execPath, join(here, 'afl-harness.mjs'), `${target}`, '@@'], {
    cwd: here,
    env,
    stdio: 'ignore',
  });
  return new Promise((done) => child.on('exit', (code) => done(code)));
});
const codes = await Promise.all(runs);
const wall = (performance.now() - started) / 1000;

let execs = 0;
let firstCrashMs = Number.POSITIVE_INFINITY;
let crashes = 0;
let corpus = 0;
for (const name of existsSync(join(out, 'out')) ? readdirSync(join(out, 'out')) : []) {
  const dir = join(out, 'out', name);
  const statsFile = join(dir, 'fuzzer_stats');
  if (!existsSync(statsFile)) continue;
  const stats = Object.fromEntries(
    readFileSync(statsFile, 'utf8')
      .split('\n')
      .map((line) => line.split(':').map((part) => part.trim())),
  );
  execs += Number(stats.execs_done ?? 0);
  corpus += Number(stats.corpus_count ?? 0);
  for (const crash of readdirSync(join(dir, 'crashes')).filter((f) => f.startsWith('id:'))) {
    crashes++;
    const time = /time:(\d+)/.exec(crash);
    if (time !== null) firstCrashMs = Math.min(firstCrashMs, Number(time[1]));
  }
}
console.log(
  JSON.stringify({
    target: values.target,
    instances,
    exitCodes: codes,
    wallSeconds: Number(wall.toFixed(1)),
    execs,
    execsPerSecond: Math.round(execs / wall),
    crashes,
    secondsToFirstCrash: Number.isFinite(firstCrashMs) ? Number((firstCrashMs / 1000).toFixed(1)) : null,
    corpus,
    out: join(out, 'out'),
  }),
);
process.exit(crashes > 0 ? 0 : 1);
