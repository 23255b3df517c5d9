#!/usr/bin/env node
/**
 * The main job: explore seeds until the simulator finds the planted race, then print the
 * failing seed, the command that replays it, a shrunk schedule and a timeline of the
 * interleaving.
 *
 *   pnpm demo                 explore seeds 0..999 of the racy bank
 *   pnpm demo --fixed         the same with the lock: every seed passes
 *   SEED=7 pnpm demo          replay one seed and draw its timeline
 *   SCHEDULE=0.1 pnpm demo    replay a (shrunk) schedule
 */
import {
  findFailure,
  formatSchedule,
  parseSchedule,
  processReplayCommand,
  renderTimeline,
  runOne,
  type Simulator,
  seedRange,
  shrinkSchedule,
} from '@sched/sim';
import { bankScenario, DEMO_OPTIONS } from './scenario.js';

const fixed = process.argv.includes('--fixed');
const flag = fixed ? ' -- --fixed' : '';
const scenario = (sim: Simulator): Promise<number> => bankScenario(sim, fixed);
const say = (line = ''): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  say(
    `@sched/sim demo: two deposits (50 and 25) race on a cached balance of 100${fixed ? ' (fixed with a Mutex)' : ''}`,
  );
  if (process.env.SCHEDULE !== undefined) return replaySchedule(parseSchedule(process.env.SCHEDULE));
  if (process.env.SEED !== undefined) return replaySeed(seedRange(1).from);
  return explore();
}

async function explore(): Promise<number> {
  const seeds = seedRange(1000);
  say(`Exploring seeds ${seeds.from}..${seeds.from + seeds.count - 1} …`);
  const started = performance.now();
  const failure = await findFailure(scenario, seeds, {
    ...DEMO_OPTIONS,
    onProgress: (done, total) => {
      if (done % 100 === 0 || done === total) process.stderr.write(`  … ${done}/${total} seeds passed\n`);
    },
  });
  const elapsed = (performance.now() - started).toFixed(0);
  if (failure === undefined) {
    say(`✓ All ${seeds.count} seeds passed in ${elapsed} ms.`);
    return fixed ? 0 : 1;
  }
  const sim = failure.outcome.simulator;
  say(`✗ Failing seed: ${failure.seed} (found after ${failure.seed - seeds.from + 1} seed(s), ${elapsed} ms)`);
  say(`  ${String(failure.error)}`);
  // The command for the runner in use: `pnpm run demo` only where pnpm is installed, else `npx -y pnpm@10 run demo`.
  say(`  Replay: ${processReplayCommand({ seed: failure.seed })}${flag}`);
  say();
  const shrunk = await shrinkSchedule(scenario, sim.schedule, DEMO_OPTIONS);
  say(
    `Shrunk the schedule from ${sim.schedule.length} decisions to ${shrunk.schedule.length} (${shrunk.runs} replays${shrunk.minimal ? ', 1-minimal' : ', budget used up'}): ${formatSchedule(shrunk.schedule)}`,
  );
  say(`  Replay shrunk: ${processReplayCommand({ schedule: formatSchedule(shrunk.schedule) })}${flag}`);
  say();
  say('Timeline of the shrunk interleaving (* = a decision that differs from the default order):');
  say(renderTimeline(shrunk.outcome.simulator.trace.events));
  return fixed ? 1 : 0;
}

async function replaySeed(seed: number): Promise<number> {
  const outcome = await runOne(scenario, { ...DEMO_OPTIONS, seed });
  return report(`seed ${seed}`, outcome.ok ? undefined : outcome.error, outcome.simulator);
}

async function replaySchedule(schedule: number[]): Promise<number> {
  const outcome = await runOne(scenario, { ...DEMO_OPTIONS, schedule });
  return report(`schedule ${formatSchedule(schedule)}`, outcome.ok ? undefined : outcome.error, outcome.simulator);
}

function report(what: string, error: unknown, sim: Simulator): number {
  say(error === undefined ? `✓ ${what} passes.` : `✗ ${what} fails: ${String(error)}`);
  say(renderTimeline(sim.trace.events));
  return error === undefined ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
