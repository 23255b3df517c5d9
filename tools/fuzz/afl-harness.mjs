#!/usr/bin/env node
// AFL++ harness: `afl-fuzz … -- node afl-harness.mjs <module>#<export> @@`.
// Under afl-fuzz it serves every input in this one process (in-process forkserver on fds 198/199),
// feeds the input file to the scenario as a byte tape, writes explore()'s interleaving coverage into AFL's
// shared map, and reports a failing run as SIGABRT (a crash) and a run over its step budget as
// exit code 2 (its own verdict). Run by hand, it runs the input once and prints the verdict.
//
// Env: FUZZ_MAX_STEPS (step budget per input, default 10000), FUZZ_STATS (a JSON file where the
// harness keeps its counts of inputs and verdicts), AFL_MAP_SIZE (default 65536).
import { fstatSync, readFileSync, writeFileSync } from 'node:fs';
import { loadScenarioSpec } from '@sched/sim/node';
import { attachAflMap, DEFAULT_MAP_SIZE } from './src/afl-map.mjs';
import { BUDGET_STATUS, CONTROL_FD, CRASH_STATUS, serveForkserver } from './src/forkserver.mjs';
import { writeInterleavingCoverage } from './src/interleaving-coverage.mjs';
import { DEFAULT_MAX_STEPS, runTapeOnce } from './src/run-tape.mjs';

const USAGE = 'usage: node afl-harness.mjs <module>#<export> <input-file>';
const [spec, inputPath] = process.argv.slice(2);
if (spec === undefined || inputPath === undefined) {
  console.error(USAGE);
  process.exit(64);
}
// The scenario is named as on the `sched` command line, and loaded by the same code.
const scenario = await loadScenarioSpec(spec, process.cwd()).catch((error) => {
  if (error?.code !== 'ERR_SIM_CLI_USAGE') throw error;
  console.error(USAGE);
  process.exit(64);
});
const maxSteps = Number(process.env.FUZZ_MAX_STEPS ?? DEFAULT_MAX_STEPS);

const underAfl = (() => {
  try {
    fstatSync(CONTROL_FD);
    return true;
  } catch {
    return false;
  }
})();

if (!underAfl) {
  const result = await runTapeOnce(scenario, readFileSync(inputPath), { maxSteps });
  console.log(`${result.verdict}${result.error === undefined ? '' : `: ${String(result.error).split('\n')[0]}`}`);
  process.exit(result.verdict === 'fail' ? 1 : result.verdict === 'budget' ? 2 : 0);
}

const map = attachAflMap(Number(process.env.AFL_MAP_SIZE ?? DEFAULT_MAP_SIZE));
const stats = { inputs: 0, pass: 0, fail: 0, budget: 0 };
const statsFile = process.env.FUZZ_STATS;
const saveStats = () => {
  if (statsFile !== undefined) writeFileSync(statsFile, JSON.stringify(stats));
};
await serveForkserver({
  map,
  run: async () => {
    const result = await runTapeOnce(scenario, readFileSync(inputPath), { maxSteps });
    if (map !== undefined) writeInterleavingCoverage(map, result.coverage);
    stats.inputs++;
    stats[result.verdict]++;
    if (result.verdict !== 'pass' || stats.inputs % 1000 === 0) saveStats();
    return result.verdict === 'fail' ? CRASH_STATUS : result.verdict === 'budget' ? BUDGET_STATUS : 0;
  },
});
saveStats();
