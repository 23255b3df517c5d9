import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createStrategy } from '../../explore/create-strategy.js';
import { ExhaustiveStrategy } from '../../explore/exhaustive-strategy.js';
import { type ExploreProgress, explore as exploreSchedules } from '../../explore/explore.js';
import { formatProgress } from '../../explore/format-progress.js';
import type { StrategyName } from '../../explore/strategy.js';
import { directoryCorpus } from '../../node/directory-corpus.js';
import { formatReplayFile, type ReplayFile, type StrategyParam } from '../../replay/replay-file.js';
import { runOne } from '../../run/run-one.js';
import { shrinkSchedule } from '../../run/shrink.js';
import type { SimFn } from '../../run/sim-fn.js';
import type { Simulator } from '../../simulator.js';
import { renderTimeline } from '../../trace/timeline.js';
import { checkKnown, integerOption, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT, packageVersion } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { errorText } from '../error-text.js';
import { loadScenarioSpec } from '../scenario-spec.js';
import { parseShard, type Shard, shardSeeds } from '../shard.js';

/** The strategies `--strategy` accepts: explore()'s, and `seeded` (one run per seed of a range). */
export const STRATEGIES: readonly string[] = [
  'portfolio',
  'random',
  'pct',
  'delay',
  'coverage',
  'exhaustive',
  'seeded',
];

/** Real milliseconds between two progress lines of a long run (every report with `--progress`). */
const PROGRESS_INTERVAL_MS = 2000;

export const EXPLORE_HELP: string = `sched explore <module>#<export> [options]
  Searches interleavings of a scenario for a failure with explore(); shrinks the first one found
  to a 1-minimal schedule and saves it as a replay file (strategy name and parameters included).
  --strategy <name>   ${STRATEGIES.join(', ')} (default portfolio)
  --budget <n>        schedules to run across all shards (default 1000)
  --depth <d>         PCT bug depth (default 3)
  --delays <d>        delay bound of the delay strategy (default 2)
  --max-decisions <n> exhaustive: decisions branched per schedule (default 64)
  --corpus <dir>      coverage: tapes to start from; tapes reaching new coverage are saved there
  --from <seed>       outer seed (seeded: first seed; default 0)
  --shard <i>/<n>     run only shard i of n, for CI matrices: seeded takes every n-th seed;
                      random, pct, delay, coverage and portfolio run outer seed from+i-1 with
                      their share of the budget; exhaustive takes the subtrees whose first
                      choice is i-1 mod n
  --progress          a progress line on stderr every 100 schedules (default: every 2 s)
  --max-shrink-runs <n>  replay budget of shrinking (default 1000)
  --no-shrink         save the failing run unshrunk
  -o, --out <file>    replay file to write (default <export>.sched-replay)
  Exhaustive search without a failure says whether it proved that no schedule within its bound fails.`;

/** What was found: the failing decisions and who found them, with what parameters. */
interface Found {
  readonly decisions: ReplayFile['decisions'];
  readonly strategy: string;
  readonly params: Record<string, StrategyParam>;
  readonly schedule: readonly number[];
  readonly error: unknown;
}

/** `sched explore`: search, shrink, save. Exit 1 when a failure was found. */
export async function explore(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, [
    'strategy',
    'budget',
    'depth',
    'delays',
    'max-decisions',
    'corpus',
    'from',
    'shard',
    'progress',
    'max-shrink-runs',
    'no-shrink',
    'out',
  ]);
  const [spec, ...rest] = args.positional;
  if (spec === undefined || rest.length > 0) throw new CliUsageError('explore takes exactly one scenario');
  const strategyName = stringOption(args, 'strategy') ?? 'portfolio';
  if (!STRATEGIES.includes(strategyName)) {
    throw new CliUsageError(`unknown strategy "${strategyName}"; available: ${STRATEGIES.join(', ')}`);
  }
  const budget = integerOption(args, 'budget', 1000);
  if (budget < 1) throw new CliUsageError('--budget must be at least 1');
  const from = integerOption(args, 'from', 0);
  const shardText = stringOption(args, 'shard') ?? '1/1';
  const shard = parseShard(shardText);
  const maxShrinkRuns = integerOption(args, 'max-shrink-runs', 1000);
  if (maxShrinkRuns < 1) throw new CliUsageError('--max-shrink-runs must be at least 1');
  const fn = await loadScenarioSpec(spec, io.cwd);
  const share = shardSeeds(from, budget, shard);
  const searched = { budget, from, shard: shardText };

  const found =
    strategyName === 'seeded'
      ? await exploreSeeded(fn, share, io, spec, searched)
      : await exploreWith(fn, strategyName as StrategyName, args, io, { spec, share, shard, searched });
  if (found === undefined) return EXIT.ok;

  let file: ReplayFile = {
    scenario: spec,
    packageVersion: packageVersion(),
    strategy: { name: found.strategy, params: found.params },
    decisions: found.decisions,
    failure: errorText(found.error),
  };
  let simulator: Simulator;
  if (args.options.get('no-shrink') === true) {
    simulator = (await runOne(fn, { schedule: found.schedule })).simulator;
  } else {
    const shrunk = await shrinkSchedule(fn, found.schedule, {}, maxShrinkRuns);
    simulator = shrunk.outcome.simulator;
    file = {
      ...file,
      decisions: { kind: 'schedule', schedule: shrunk.schedule },
      failure: shrunk.outcome.ok ? undefined : errorText(shrunk.outcome.error),
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
  io.out(renderTimeline(simulator.trace.events));
  return EXIT.failure;
}

/** `--strategy seeded`: one run per seed of the shard's share, in order (what `findFailure` does). */
async function exploreSeeded(
  fn: SimFn<unknown>,
  seeds: readonly number[],
  io: CliIo,
  spec: string,
  searched: Record<string, StrategyParam>,
): Promise<Found | undefined> {
  io.out(
    `sched explore ${spec}: strategy seeded (budget ${searched.budget}, from ${searched.from}, shard ${searched.shard}: ${seeds.length} seeds)`,
  );
  for (const seed of seeds) {
    const outcome = await runOne(fn, { seed, trace: false });
    if (outcome.ok) continue;
    io.out(`failure at seed ${seed}: ${errorText(outcome.error)}`);
    return {
      decisions: { kind: 'seed', seed },
      strategy: 'seeded',
      params: { ...searched, seed },
      schedule: outcome.simulator.schedule,
      error: outcome.error,
    };
  }
  io.out(`no failure in ${seeds.length} runs`);
  return undefined;
}

/** Any explore() strategy, on the shard's outer seed (or exhaustive subtrees) and budget share. */
async function exploreWith(
  fn: SimFn<unknown>,
  name: StrategyName,
  args: ParsedArgs,
  io: CliIo,
  context: {
    readonly spec: string;
    readonly share: readonly number[];
    readonly shard: Shard;
    readonly searched: Record<string, StrategyParam>;
  },
): Promise<Found | undefined> {
  const depth = boundedOption(args, 'depth', 3, 64);
  const delays = boundedOption(args, 'delays', 2, 64);
  const maxDecisions = boundedOption(args, 'max-decisions', 64, 1_000_000);
  const corpusDir = stringOption(args, 'corpus');
  const corpus = corpusDir === undefined ? undefined : directoryCorpus(resolve(io.cwd, corpusDir));
  const { shard, share } = context;
  // Shard i of n: outer seed from + i − 1, so the shards' searches are distinct and each is
  // reproducible alone; exhaustive search splits its tree instead.
  const seed = (Number(context.searched.from) + shard.index - 1) >>> 0;
  const strategy =
    name === 'exhaustive'
      ? new ExhaustiveStrategy(maxDecisions, shard)
      : createStrategy(name, { seed, depth, delays, maxDecisions, corpus });
  const schedules = name === 'exhaustive' ? Number(context.searched.budget) : share.length;
  const how = name === 'exhaustive' ? `at most ${maxDecisions} decisions branched` : `outer seed ${seed}`;
  io.out(
    `sched explore ${context.spec}: strategy ${name} (${how}, ${schedules} schedules, shard ${context.searched.shard})`,
  );
  if (schedules === 0) {
    io.out('no failure in 0 schedules (this shard has no share of the budget)');
    return undefined;
  }
  const result = await exploreSchedules(fn, {
    strategy,
    budget: { schedules },
    shrinkRuns: 0,
    trace: false,
    onProgress: progressPrinter(io, args.options.get('progress') === true),
  });
  if (result.found) {
    const { failure } = result;
    io.out(
      `failure at schedule ${failure.schedule}, found by ${failure.strategy} (${paramText(failure.params)}): ${errorText(failure.error)}`,
    );
    return {
      decisions: { kind: 'schedule', schedule: failure.choices },
      strategy: failure.strategy,
      params: {
        ...context.searched,
        ...(name === 'portfolio' ? { portfolio: result.params.members ?? '' } : {}),
        ...failure.params,
        outerSeed: seed,
      },
      schedule: failure.choices,
      error: failure.error,
    };
  }
  const summary = `${result.schedules} schedules (${result.distinct} distinct, ${result.coverage} coverage points)`;
  const verdict = result.exhaustive;
  if (verdict?.kind === 'proof') {
    const part = shard.count === 1 ? '' : ` in shard ${context.searched.shard} of the tree`;
    io.out(
      `proved: no failing schedule within ${maxDecisions} decisions per schedule${part} (all ${verdict.schedules} schedules run)`,
    );
  } else if (verdict !== undefined && name === 'exhaustive') {
    io.out(
      `no failure in ${summary}; not a proof: the ${verdict.bound === 'decisions' ? `bound of ${maxDecisions} decisions per schedule` : 'budget'} was hit`,
    );
  } else {
    io.out(`no failure in ${summary}`);
  }
  return undefined;
}

/** Progress lines on stderr: every report with `--progress`, otherwise at most one per 2 s. */
function progressPrinter(io: CliIo, always: boolean): (progress: ExploreProgress) => void {
  const now = (): number => globalThis.performance.now();
  let last = now();
  return (progress) => {
    if (!always && now() - last < PROGRESS_INTERVAL_MS) return;
    last = now();
    io.err(formatProgress(progress));
  };
}

/** `--name` as an integer from 1 to `max`, or `fallback`. */
function boundedOption(args: ParsedArgs, name: string, fallback: number, max: number): number {
  const value = integerOption(args, name, fallback);
  if (value < 1 || value > max) throw new CliUsageError(`--${name} must be an integer from 1 to ${max}, not ${value}`);
  return value;
}

function paramText(params: Readonly<Record<string, StrategyParam>>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}
