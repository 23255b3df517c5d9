export type { DecisionSource } from './decisions/decision-source.js';
export { FifoSource } from './decisions/fifo-source.js';
export { RecordingSource } from './decisions/recording-source.js';
export { checkSeed, MAX_SEED, SeededSource } from './decisions/seeded-source.js';
export { formatSchedule, parseSchedule, TapeSource } from './decisions/tape-source.js';
export { DeadlockError } from './errors/deadlock-error.js';
export { EscapeError, type EscapeKind } from './errors/escape-error.js';
export { LivelockError } from './errors/livelock-error.js';
export { NonDeterminismError } from './errors/non-determinism-error.js';
export { SimulationFailure } from './errors/simulation-failure.js';
export { StalledBodyError } from './errors/stalled-body-error.js';
export type { Macrotask } from './escapes/macrotask.js';
export { checkDeterminism } from './run/check-determinism.js';
export { failureReport, type ReplayTarget, withReplayInfo } from './run/failure-report.js';
export { findFailure, type ManyOptions, many, once, type SeedFailure } from './run/many.js';
export {
  escapeRegExp,
  processReplayCommand,
  type ReplayCommand,
  type RunnerContext,
  replayPrefix,
  runnerCommand,
  shellQuote,
  type VitestTestRef,
  vitestCommand,
  vitestNamePattern,
} from './run/replay-command.js';
export { type RunOneOptions, runOne } from './run/run-one.js';
export { type SeedRange, scheduleFromEnv, seedRange } from './run/seed-range.js';
export { type ShrinkResult, shrinkSchedule } from './run/shrink.js';
export type { Outcome, SeedlessOptions, SimFn } from './run/sim-fn.js';
export { type RunOptions, Simulator, type SimulatorOptions } from './simulator.js';
export { type TimerEntry, TimerHeap } from './timers/timer-heap.js';
export { renderTimeline, type TimelineOptions } from './trace/timeline.js';
export { firstDivergence, formatEvent, formatTrace, Trace } from './trace/trace.js';
export type { TraceEvent } from './trace/trace-event.js';
export { runOnSimulatedWorker, type SimulatedWorkerOptions } from './worker/simulated-worker.js';
