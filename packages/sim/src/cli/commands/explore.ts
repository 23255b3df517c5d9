import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatReplayFile, type ReplayFile, type StrategyParam } from '../../replay/replay-file.js';
import { shrinkDecisions } from '../../replay/shrink-decisions.js';
import { runOne } from '../../run/run-one.js';
import type { SimFn } from '../../run/sim-fn.js';
import { renderTimeline } from '../../trace/timeline.js';
import { checkKnown, integerOption, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT, packageVersion } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { errorText } from '../error-text.js';
import { loadScenarioSpec } from '../scenario-spec.js';
import { parseShard, shardSeeds } from '../shard.js';

/** A search: runs the scenario on candidates until one fails; returns the failing seed, or undefined. */
type Strategy = (fn: SimFn<unknown>, seeds: readonly number[]) => Promise<number | undefined>;

/** Seeded search: every seed of the shard, in order (what `findFailure` does). */
const seeded: Strategy = async (fn, seeds) => {
  for (const seed of seeds) {
    const outcome = await runOne(fn, { seed, trace: false });
    if (!outcome.ok) return seed;
  }
  return undefined;
};

/** The strategies `--strategy` accepts. The explore() engine's strategies plug in here by name. */
export const STRATEGIES: ReadonlyMap<string, Strategy> = new Map([['seeded', seeded]]);

export const EXPLORE_HELP: string = `sched explore <module>#<export> [options]
  Searches interleavings of a scenario for a failure; shrinks the first one found to a
  1-minimal schedule and saves it as a replay file.
  --strategy <name>   search strategy (default seeded; available: ${[...STRATEGIES.keys()].join(', ')})
  --budget <n>        candidates to try across all shards (default 1000)
  --from <seed>       first seed (default 0)
  --shard <i>/<n>     run only shard i of n (seeds partitioned round-robin), for CI matrices
  --max-shrink-runs <n>  replay budget of shrinking (default 1000)
  --no-shrink         save the failing run unshrunk
  -o, --out <file>    replay file to write (default <export>.sched-replay)`;

/** `sched explore`: search, shrink, save. Exit 1 when a failure was found. */
export async function explore(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, ['strategy', 'budget', 'from', 'shard', 'max-shrink-runs', 'no-shrink', 'out']);
  const [spec, ...rest] = args.positional;
  if (spec === undefined || rest.length > 0) throw new CliUsageError('explore takes exactly one scenario');
  const strategyName = stringOption(args, 'strategy') ?? 'seeded';
  const strategy = STRATEGIES.get(strategyName);
  if (strategy === undefined) {
    throw new CliUsageError(`unknown strategy "${strategyName}"; available: ${[...STRATEGIES.keys()].join(', ')}`);
  }
  const budget = integerOption(args, 'budget', 1000);
  const from = integerOption(args, 'from', 0);
  const shardText = stringOption(args, 'shard') ?? '1/1';
  const shard = parseShard(shardText);
  const maxShrinkRuns = integerOption(args, 'max-shrink-runs', 1000);
  if (maxShrinkRuns < 1) throw new CliUsageError('--max-shrink-runs must be at least 1');
  const fn = await loadScenarioSpec(spec, io.cwd);
  const params: Record<string, StrategyParam> = { budget, from, shard: shardText };
  const seeds = shardSeeds(from, budget, shard);
  io.out(
    `sched explore ${spec}: strategy ${strategyName} (budget ${budget}, from ${from}, shard ${shardText}: ${seeds.length} seeds)`,
  );

  const seed = await strategy(fn, seeds);
  if (seed === undefined) {
    io.out(`no failure in ${seeds.length} runs`);
    return EXIT.ok;
  }
  const found = await runOne(fn, { seed });
  io.out(`failure at seed ${seed}: ${found.ok ? 'passed on rerun (not deterministic?)' : errorText(found.error)}`);
  let file: ReplayFile = {
    scenario: spec,
    packageVersion: packageVersion(),
    strategy: { name: strategyName, params },
    decisions: { kind: 'seed', seed },
    failure: found.ok ? undefined : errorText(found.error),
  };
  let outcome = found;
  if (args.options.get('no-shrink') !== true && !found.ok) {
    const shrunk = await shrinkDecisions(fn, { kind: 'seed', seed }, {}, maxShrinkRuns);
    outcome = shrunk.outcome;
    file = {
      ...file,
      decisions: { kind: 'schedule', schedule: shrunk.schedule },
      failure: shrunk.outcome.ok ? undefined : errorText(shrunk.outcome.error),
      strategy: { name: strategyName, params: { ...params, seed } },
    };
    const schedule = shrunk.schedule.length === 0 ? '-' : shrunk.schedule.join('.');
    io.out(
      `shrunk to schedule ${schedule} (${shrunk.minimal ? '1-minimal' : 'replay budget ran out'}, ${shrunk.runs} replays)`,
    );
  }
  const exportName = spec.slice(spec.lastIndexOf('#') + 1);
  const out = resolve(io.cwd, stringOption(args, 'out') ?? `${exportName}.sched-replay`);
  writeFileSync(out, formatReplayFile(file));
  io.out(`wrote ${out}\nreplay it: sched replay ${out}`);
  io.out(renderTimeline(outcome.simulator.trace.events));
  return EXIT.failure;
}
