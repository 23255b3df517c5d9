// Cost of one fuzz input: what the AFL++ harness does per input (a byte-tape run of the planted-bug
// scenario through runTape, whose CoverageRecorder records explore()'s interleaving coverage, and
// the points marked in a 64 KiB map) vs the same run without coverage
// and a seeded run without a trace (what `sched explore` / findFailure do per seed).

import { ByteTapeSource, runOne } from '@sched/sim';
import { writeInterleavingCoverage } from '../../fuzz/src/interleaving-coverage.mjs';
import { runTapeOnce } from '../../fuzz/src/run-tape.mjs';
import { plantedBug } from '../../fuzz/targets/planted-bug.mjs';

/** Deterministic tapes: a 5-byte header then 12 bytes from a fixed LCG. */
function tapes(n) {
  let x = 12345;
  return Array.from({ length: n }, () => {
    const bytes = new Uint8Array(17);
    for (let i = 5; i < bytes.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    return bytes;
  });
}

const map = new Uint8Array(1 << 16);
/** @type {Uint8Array[]} */
let inputs = [];

/** @param {{ runs: number, failed: number, steps: number, hits: number }} result @param {{ n: number }} p */
function check(result, p) {
  if (result.runs !== p.n) throw new Error(`expected ${p.n} runs, got ${result.runs}`);
  if (result.steps !== result.runs * 12)
    throw new Error(`expected 12 steps per run, got ${result.steps / result.runs}`);
  // Every run reaches at least one step pair, and a step adds at most one step pair and one
  // reads-from pair per access; the planted bug's 12 steps make no tracked access.
  if (result.hits !== -1 && (result.hits < result.runs || result.hits > result.steps))
    throw new Error(`coverage points ${result.hits} not within [runs ${result.runs}, steps ${result.steps}]`);
  if (result.failed < 0 || result.failed > p.n) throw new Error(`bad failure count ${result.failed}`);
}

export const group = {
  name: 'fuzz-inputs',
  description:
    "N inputs of the planted-bug scenario (3 tasks × 4 steps): AFL++ harness path (runTape: ByteTapeSource run with explore()'s CoverageRecorder, its points marked in a 64 KiB map, map cleared per input) vs the tape run alone vs seeded runs without trace. Checks runs, 12 steps per run, between one and one per step coverage points per run.",
  params: {
    full: { n: 2_000, ops: 2_000 },
    smoke: { n: 40, ops: 40 },
  },
  setup: (p) => {
    inputs = tapes(p.n);
  },
  cases: [
    {
      name: 'harness input (tape run + coverage)',
      role: 'subject',
      run: async (p) => {
        let failed = 0;
        let steps = 0;
        let hits = 0;
        for (let i = 0; i < p.n; i++) {
          map.fill(0);
          const result = await runTapeOnce(plantedBug, inputs[i]);
          if (result.verdict === 'fail') failed++;
          steps += result.simulator.trace.steps;
          hits += writeInterleavingCoverage(map, result.coverage);
        }
        return { runs: p.n, failed, steps, hits };
      },
      check,
    },
    {
      name: 'tape run alone',
      role: 'peer',
      run: async (p) => {
        let failed = 0;
        let steps = 0;
        for (let i = 0; i < p.n; i++) {
          const outcome = await runOne(plantedBug, { source: new ByteTapeSource(inputs[i]), maxSteps: 10_000 });
          if (!outcome.ok) failed++;
          steps += outcome.simulator.trace.steps;
        }
        return { runs: p.n, failed, steps, hits: -1 };
      },
      check,
    },
    {
      name: 'seeded run, no trace (sched explore per seed)',
      role: 'peer',
      run: async (p) => {
        let failed = 0;
        let steps = 0;
        for (let seed = 0; seed < p.n; seed++) {
          const outcome = await runOne(plantedBug, { seed, trace: false });
          if (!outcome.ok) failed++;
          steps += outcome.simulator.trace.steps;
        }
        return { runs: p.n, failed, steps, hits: -1 };
      },
      check,
    },
  ],
};
