import { checkNonNegativeInteger, checkPositiveInteger } from '@sched/core/host';
import { encodeByteTape } from '../decisions/byte-tape-source.js';
import { RecordingSource } from '../decisions/recording-source.js';
import { formatSchedule, TapeSource } from '../decisions/tape-source.js';
import { holdRunHooks } from '../escapes/run-hooks.js';
import { failureReport } from '../run/failure-report.js';
import { processReplayCommand, type ReplayCommand } from '../run/replay-command.js';
import { confirmRerun, leanOptions, richOptions } from '../run/run-lean.js';
import { runOne } from '../run/run-one.js';
import { scheduleFromEnv } from '../run/seed-range.js';
import { errorKind, shrinkSchedule } from '../run/shrink.js';
import type { Outcome, SeedlessOptions, SimFn } from '../run/sim-fn.js';
import type { Simulator } from '../simulator.js';
import type { CorpusStore } from './corpus-store.js';
import { CoverageRecorder, hashString, mix } from './coverage-recorder.js';
import { createStrategy } from './create-strategy.js';
import { ExhaustiveStrategy, type ExhaustiveVerdict } from './exhaustive-strategy.js';
import { PortfolioStrategy } from './portfolio-strategy.js';
import type { PlannedSchedule, Strategy, StrategyName, StrategyParams } from './strategy.js';

/** Options of {@link explore}. */
export interface ExploreOptions extends SeedlessOptions {
  /** Which search runs (default `'portfolio'`), or a strategy object of your own. */
  readonly strategy?: StrategyName | Strategy | undefined;
  /** Outer seed: the same seed, scenario and budget give the same exploration (default 0). */
  readonly seed?: number | undefined;
  /**
   * When to stop if nothing fails: after `schedules` runs (default 1,000 when no `ms` is given)
   * or `ms` real milliseconds, whichever comes first. A time budget only decides how many
   * schedules run (reported as `schedules`); every verdict is a property of the schedules run.
   */
  readonly budget?: { readonly schedules?: number | undefined; readonly ms?: number | undefined } | undefined;
  /** PCT bug depth (default 3). */
  readonly depth?: number | undefined;
  /** Delay bounding: most deviations from the non-preemptive order per schedule (default 2). */
  readonly delays?: number | undefined;
  /** Exhaustive mode: decisions branched per schedule (default 64). */
  readonly maxDecisions?: number | undefined;
  /** Coverage mode: tapes to start from, and where tapes that reach new coverage are saved. */
  readonly corpus?: CorpusStore | undefined;
  /** Called every `progressEvery` schedules and once at the end (default: nothing is printed). */
  readonly onProgress?: ((progress: ExploreProgress) => void) | undefined;
  /** Schedules between two progress reports (default 100). */
  readonly progressEvery?: number | undefined;
  /** Replays spent shrinking a failing schedule (default 200; 0 = no shrinking). */
  readonly shrinkRuns?: number | undefined;
  /** How to print the replay command (default: the one that re-runs this process). */
  readonly replayCommand?: ReplayCommand | undefined;
  /** The clock of `budget.ms` and of the rates in progress reports (default `performance.now`). */
  readonly now?: (() => number) | undefined;
  /** See `RunOneOptions.stallTimeoutMs` (default 100 ms). */
  readonly stallTimeoutMs?: number | undefined;
}

/** A progress report of a running exploration. */
export interface ExploreProgress {
  /** Schedules run so far. */
  readonly schedules: number;
  /** Schedules per second so far (by `now`). */
  readonly schedulesPerSecond: number;
  /** Distinct schedules (decision sequences) among them. */
  readonly distinct: number;
  /** Distinct coverage points reached. */
  readonly coverage: number;
  /** Tapes kept by the coverage explorer (0 without one). */
  readonly corpus: number;
  /** Most coverage points a single schedule reached: the best so far. */
  readonly best: number;
}

/** A failure found by {@link explore}, with everything needed to replay it. */
export interface ExploreFailure {
  /** What the failing run threw. */
  readonly error: unknown;
  /** The strategy that planned the failing schedule (a portfolio member's own name). */
  readonly strategy: string;
  /** That strategy's parameters for the failing schedule (PCT: `depth`, step bound `steps`, `seed`). */
  readonly params: StrategyParams;
  /** 1-based: how many schedules ran up to and including the failing one. */
  readonly schedule: number;
  /** The failing run's choices: `new Simulator({ schedule: choices })` replays it. */
  readonly choices: readonly number[];
  /** The same run as a byte tape: `runTape(scenario, tape)` (or a `ByteTapeSource`) replays it. */
  readonly tape: Uint8Array;
  /** The shrunk schedule (equal to `choices` when shrinking is off or found nothing smaller). */
  readonly shrunk: readonly number[];
  /** Whether replaying `shrunk` failed the same way (it is replayed once more to check). */
  readonly replayed: boolean;
  /** `SCHEDULE=… <command>`: the shell command that replays the shrunk schedule. */
  readonly replay: string;
  /** The report to print: strategy and parameters, replay command, schedule, trace tail. */
  readonly report: string;
  /** The simulator of the (shrunk) failing run. */
  readonly simulator: Simulator;
}

/** The result of {@link explore}. */
export type ExploreResult =
  | ({ readonly found: true; readonly failure: ExploreFailure } & ExploreStats)
  | ({
      readonly found: false;
      /**
       * Exhaustive mode, or a portfolio with an exhaustive member: `proof` when every schedule
       * within the bound ran; otherwise which bound was hit. Undefined for other strategies.
       */
      readonly exhaustive: ExhaustiveVerdict | undefined;
    } & ExploreStats);

/** Counts reported with every result. */
export interface ExploreStats {
  /** The strategy asked for (`portfolio`, `pct`, …, or a custom strategy's name). */
  readonly strategy: string;
  /** Its parameters (a portfolio: its members). */
  readonly params: StrategyParams;
  /** Schedules run (shrinking replays not included). */
  readonly schedules: number;
  /** Distinct schedules (decision sequences) among them. */
  readonly distinct: number;
  /** Distinct interleaving coverage points they reached. */
  readonly coverage: number;
}

/**
 * Searches the schedules of `scenario` for one that fails, with a named strategy (a portfolio
 * of PCT, delay-bounded, random, exhaustive and coverage-guided search by default), until the budget is spent. Every
 * schedule runs on a fresh simulator; a failure is recorded (choices and byte tape), shrunk,
 * replayed to confirm it, and returned with its replay command: it never throws for a failing
 * scenario. `SCHEDULE=<s>` in the environment replays just that schedule.
 *
 * @example
 * ```ts
 * import { explore } from '@sched/sim';
 *
 * const result = await explore(async (sim) => {
 *   let balance = 100;
 *   const withdraw = (n: number) =>
 *     sim.spawn(async (ctx) => {
 *       const read = balance;
 *       await ctx.yieldNow();
 *       balance = read - n;
 *     });
 *   const a = withdraw(30);
 *   const b = withdraw(50);
 *   await sim.runUntilIdle();
 *   await a;
 *   await b;
 *   if (balance !== 20) throw new Error(`lost update: ${balance}`);
 * }, { budget: { schedules: 100 }, shrinkRuns: 0 });
 * console.log(result.found, result.found && result.failure.replayed); // true true
 * ```
 */
export async function explore<T>(scenario: SimFn<T>, options: ExploreOptions = {}): Promise<ExploreResult> {
  const {
    strategy: wanted,
    seed,
    budget,
    depth,
    delays,
    maxDecisions,
    corpus,
    onProgress,
    progressEvery,
    shrinkRuns,
    replayCommand,
    now: clock,
    ...simOptions
  } = options;
  const now = clock ?? defaultNow;
  const maxSchedules =
    budget?.schedules !== undefined
      ? checkPositiveInteger('budget.schedules', budget.schedules)
      : budget?.ms === undefined
        ? 1_000
        : Number.POSITIVE_INFINITY;
  const deadline =
    budget?.ms === undefined ? Number.POSITIVE_INFINITY : now() + checkNonNegativeInteger('budget.ms', budget.ms);
  const every = checkPositiveInteger('progressEvery', progressEvery ?? 100);
  const shrinkBudget = checkNonNegativeInteger('shrinkRuns', shrinkRuns ?? 200);
  const envSchedule = scheduleFromEnv();
  const strategy: Strategy =
    envSchedule !== undefined
      ? replayOnly(envSchedule)
      : typeof wanted === 'object'
        ? wanted
        : createStrategy(wanted ?? 'portfolio', { seed: seed ?? 0, depth, delays, maxDecisions, corpus });

  const started = now();
  const seen = new Set<number>();
  const schedulesSeen = new Set<number>();
  let schedules = 0;
  let best = 0;
  const progress = (): ExploreProgress => {
    const seconds = (now() - started) / 1000;
    return {
      schedules,
      schedulesPerSecond: seconds > 0 ? schedules / seconds : 0,
      distinct: schedulesSeen.size,
      coverage: seen.size,
      corpus: corpusSizeOf(strategy) ?? 0,
      best,
    };
  };
  const stats = (): ExploreStats => ({
    strategy: strategy.name,
    params: strategy.params,
    schedules,
    distinct: schedulesSeen.size,
    coverage: seen.size,
  });

  const release = holdRunHooks(simOptions);
  try {
    return await search();
  } finally {
    release();
  }

  async function search(): Promise<ExploreResult> {
    while (schedules < maxSchedules && now() < deadline) {
      const plan = strategy.next();
      if (plan === undefined) break;
      const recorder = new CoverageRecorder();
      const recording = new RecordingSource(plan.source);
      // Lean unless `trace` is set: a failure is replayed (shrunk, confirmed) with the trace on.
      const outcome = await runOne(scenario, leanOptions({ ...simOptions, source: recording, observer: recorder }));
      schedules++;
      let fresh = 0;
      for (const point of recorder.points) {
        if (!seen.has(point)) {
          seen.add(point);
          fresh++;
        }
      }
      best = Math.max(best, recorder.points.size);
      schedulesSeen.add(hashChoices(recording.choices));
      strategy.report({
        choices: recording.choices,
        counts: recording.counts,
        steps: recording.counts.length,
        newCoverage: fresh,
        failed: !outcome.ok,
      });
      if (!outcome.ok) {
        const failure = await describeFailure(scenario, plan, outcome.error, recording, schedules, {
          simOptions,
          shrinkBudget,
          replay: replayCommand ?? processReplayCommand,
          fallback: outcome.simulator,
        });
        onProgress?.(progress());
        return { found: true, failure, ...stats() };
      }
      if (schedules % every === 0) onProgress?.(progress());
    }
    onProgress?.(progress());
    const exhaustive =
      strategy instanceof ExhaustiveStrategy || strategy instanceof PortfolioStrategy ? strategy.verdict : undefined;
    return { found: false, exhaustive, ...stats() };
  }
}

const defaultNow = (): number => globalThis.performance.now();

function corpusSizeOf(strategy: Strategy): number | undefined {
  const size = (strategy as { corpusSize?: unknown }).corpusSize;
  return typeof size === 'number' ? size : undefined;
}

function hashChoices(choices: readonly number[]): number {
  let h = hashString('schedule');
  for (const choice of choices) h = mix(h, choice);
  return mix(h, choices.length);
}

/** The strategy of a `SCHEDULE=` replay: that one schedule, then nothing. */
function replayOnly(schedule: readonly number[]): Strategy {
  let done = false;
  return {
    name: 'replay',
    params: { schedule: formatSchedule(schedule) },
    next: () => {
      if (done) return undefined;
      done = true;
      return { source: new TapeSource(schedule), strategy: 'replay', params: { schedule: formatSchedule(schedule) } };
    },
    report: () => {},
  };
}

async function describeFailure<T>(
  scenario: SimFn<T>,
  plan: PlannedSchedule,
  error: unknown,
  recording: RecordingSource,
  schedule: number,
  context: {
    readonly simOptions: SeedlessOptions & { readonly stallTimeoutMs?: number | undefined };
    readonly shrinkBudget: number;
    readonly replay: ReplayCommand;
    readonly fallback: Simulator;
  },
): Promise<ExploreFailure> {
  const choices = recording.choices.slice();
  const tape = encodeByteTape(choices, recording.counts);
  let shrunk: readonly number[] = choices;
  let simulator = context.fallback;
  if (context.shrinkBudget > 0) {
    try {
      const result = await shrinkSchedule(scenario, choices, leanOptions(context.simOptions), context.shrinkBudget);
      shrunk = result.schedule;
      simulator = result.outcome.simulator;
    } catch {
      // The recorded schedule did not fail on replay: reported below as `replayed: false`.
    }
  }
  // The report's run: trace and spawn locations on (the search and shrinking ran lean).
  const again = await runOne(scenario, richOptions({ ...context.simOptions, schedule: shrunk }));
  const replayed = !again.ok && errorKind(again.error) === errorKind(error);
  if (replayed) simulator = again.simulator;
  else if (leanOptions(context.simOptions) !== context.simOptions) {
    // The shrunk schedule did not fail again: report the original run, re-run rich and checked.
    const original: Outcome<T> = { ok: false, error, simulator: context.fallback };
    const rerun = confirmRerun(
      original,
      await runOne(scenario, richOptions({ ...context.simOptions, schedule: choices })),
    );
    simulator = rerun.simulator;
  }
  const text = formatSchedule(shrunk);
  const paramText = Object.entries(plan.params)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const report = [
    `Found by strategy ${plan.strategy} (${paramText}) at schedule ${schedule}`,
    failureReport({ schedule: shrunk }, simulator, context.replay),
  ].join('\n');
  return {
    error,
    strategy: plan.strategy,
    params: plan.params,
    schedule,
    choices,
    tape,
    shrunk,
    replayed,
    replay: context.replay({ schedule: text }),
    report,
    simulator,
  };
}
