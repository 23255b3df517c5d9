export { BYTE_TAPE_HEADER, ByteTapeSource, encodeByteTape } from './decisions/byte-tape-source.js';
export type { Candidates, DecisionSource } from './decisions/decision-source.js';
export { FifoSource } from './decisions/fifo-source.js';
export { MAX_SEED, SeededSource } from './decisions/seeded-source.js';
export { formatSchedule, parseSchedule, TapeSource } from './decisions/tape-source.js';
export { DeadlockError } from './errors/deadlock-error.js';
export { EscapeError, type EscapeKind } from './errors/escape-error.js';
export { LivelockError } from './errors/livelock-error.js';
export { NonDeterminismError } from './errors/non-determinism-error.js';
export { ReplayFileError, type ReplayFileProblem } from './errors/replay-file-error.js';
export { RerunMismatchError, type RunSummary } from './errors/rerun-mismatch-error.js';
export { SimulationFailure } from './errors/simulation-failure.js';
export { StalledBodyError } from './errors/stalled-body-error.js';
export { type CorpusStore, memoryCorpus } from './explore/corpus-store.js';
export { CoverageRecorder } from './explore/coverage-recorder.js';
export { CoverageStrategy, type CoverageStrategyOptions } from './explore/coverage-strategy.js';
export { createStrategy, type StrategyConfig } from './explore/create-strategy.js';
export { DelaySource } from './explore/delay-source.js';
export { DelayStrategy } from './explore/delay-strategy.js';
export { type ExhaustiveShard, ExhaustiveStrategy, type ExhaustiveVerdict } from './explore/exhaustive-strategy.js';
export {
  type ExploreFailure,
  type ExploreOptions,
  type ExploreProgress,
  type ExploreResult,
  type ExploreStats,
  explore,
} from './explore/explore.js';
export { formatProgress } from './explore/format-progress.js';
export { PctSource } from './explore/pct-source.js';
export { PctStrategy } from './explore/pct-strategy.js';
export { PortfolioStrategy } from './explore/portfolio-strategy.js';
export { RandomStrategy } from './explore/random-strategy.js';
export { runTape, type TapeRun } from './explore/run-tape.js';
export { cell, SharedCell } from './explore/shared-cell.js';
export type {
  PlannedSchedule,
  ScheduleFeedback,
  Strategy,
  StrategyName,
  StrategyParams,
} from './explore/strategy.js';
export { mutateTape, TAPE_MUTATIONS, type TapeMutation } from './explore/tape-mutations.js';
export type { Latency } from './io/latency.js';
export { type SimulateIoOptions, simulateIo, simulateIoCallback } from './io/simulate-io.js';
export { byteTapeOf, replayDecisions, scheduleOf } from './replay/replay-decisions.js';
export {
  formatReplayFile,
  type ParseReplayFileOptions,
  parseReplayFile,
  REPLAY_FILE_VERSION,
  type ReplayDecisions,
  type ReplayFile,
  type StrategyParam,
} from './replay/replay-file.js';
export { shrinkDecisions } from './replay/shrink-decisions.js';
export { checkDeterminism } from './run/check-determinism.js';
export { findFailure, type ManyOptions, many, once, type SeedFailure } from './run/many.js';
export { processReplayCommand, type ReplayCommand } from './run/replay-command.js';
export { type RunOneOptions, runOne } from './run/run-one.js';
export { type SeedRange, seedRange } from './run/seed-range.js';
export { DEFAULT_SHRINK_RUNS, type ShrinkResult, shrinkSchedule } from './run/shrink.js';
export type { Outcome, SeedlessOptions, SimFn } from './run/sim-fn.js';
export { type RunOptions, Simulator, type SimulatorOptions } from './simulator.js';
export type { StepObserver } from './stepping/step-observer.js';
export { isDeviation } from './trace/deviation.js';
export { type HtmlTimelineOptions, renderHtmlTimeline } from './trace/html-timeline.js';
export { type ChromeTraceEvent, toPerfettoTrace } from './trace/perfetto-trace.js';
export { renderTimeline, type TimelineOptions } from './trace/timeline.js';
export { firstDivergence, formatEvent, formatTrace, Trace } from './trace/trace.js';
export type { TraceEvent } from './trace/trace-event.js';
export { runOnSimulatedWorker, type SimulatedWorkerOptions, type TransferItem } from './worker/simulated-worker.js';
