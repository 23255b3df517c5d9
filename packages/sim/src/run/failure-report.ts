import { formatSchedule } from '../decisions/tape-source.js';
import { SimulationFailure } from '../errors/simulation-failure.js';
import type { Simulator } from '../simulator.js';
import { formatTrace } from '../trace/trace.js';
import { processReplayCommand, type ReplayCommand } from './replay-command.js';

/** What failed: a seed, or a replayed (for example shrunk) schedule. */
export type ReplayTarget = { readonly seed: number } | { readonly schedule: readonly number[] };

/** Longest schedule text put in an error message (the printed report always has all of it). */
const MESSAGE_SCHEDULE_CHARS = 2_000;

/**
 * The lines printed when a run fails: `Failing seed: N` (or `Failing schedule: s`), the exact
 * replay command (`SEED=N …` or `SCHEDULE=s …`), the schedule, and the last steps of the trace.
 */
export function failureReport(
  target: number | ReplayTarget,
  simulator: Simulator,
  replay: ReplayCommand,
  tailSteps = 12,
): string {
  const events = simulator.trace.events;
  const tail = events.slice(-tailSteps);
  return [
    ...replaySummary(target, simulator, replay, Number.POSITIVE_INFINITY),
    `Last ${tail.length} of ${simulator.trace.steps} steps:`,
    formatTrace(tail)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  ].join('\n');
}

/** The first three lines of a failure report: what failed, the replay command, the schedule. */
function replaySummary(
  target: number | ReplayTarget,
  simulator: Simulator,
  replay: ReplayCommand,
  maxScheduleChars: number,
): string[] {
  const t: ReplayTarget = typeof target === 'number' ? { seed: target } : target;
  let schedule = formatSchedule(simulator.schedule);
  if (schedule.length > maxScheduleChars) {
    schedule = `${schedule.slice(0, maxScheduleChars)}… (truncated; the printed report has all of it)`;
  }
  const head =
    'seed' in t
      ? [`Failing seed: ${t.seed}`, `Replay: ${replay({ seed: t.seed })}`]
      : [
          `Failing schedule: ${formatSchedule(t.schedule)}`,
          `Replay: ${replay({ schedule: formatSchedule(t.schedule) })}`,
        ];
  return [...head, `Schedule (${simulator.schedule.length} decisions): ${schedule}`];
}

/**
 * Prints the failure report (to `options.log`, default `console.error`) and throws the error,
 * carrying the replay information in its message (see {@link withReplayInfo}): how `many`,
 * `once`, `simTest` and `manyParallel` end on a failure.
 */
export function reportFailure(
  target: ReplayTarget,
  error: unknown,
  simulator: Simulator,
  options: {
    readonly log?: ((text: string) => void) | undefined;
    readonly replayCommand?: ReplayCommand | undefined;
  },
): never {
  const log = options.log ?? ((text: string) => console.error(text));
  const replay = options.replayCommand ?? processReplayCommand;
  log(failureReport(target, simulator, replay));
  throw withReplayInfo(error, target, simulator, replay);
}

const originalMessages = new WeakMap<Error, string>();

/**
 * Makes a failure carry its replay information in its message, so it survives `--silent`,
 * JUnit reports and CI annotations. An `Error` is kept (same object, same class, same `cause`):
 * the seed (or schedule), the replay command and the schedule are appended to its message and
 * to the first line of its stack. Anything else is wrapped in a {@link SimulationFailure} whose
 * `cause` is the thrown value.
 */
export function withReplayInfo(
  error: unknown,
  target: number | ReplayTarget,
  simulator: Simulator,
  replay: ReplayCommand,
): unknown {
  const summary = replaySummary(target, simulator, replay, MESSAGE_SCHEDULE_CHARS).join('\n');
  if (error instanceof Error && annotate(error, summary)) return error;
  return new SimulationFailure(`${describeValue(error)}\n\n${summary}`, error);
}

function annotate(error: Error, summary: string): boolean {
  try {
    // Annotated before (the same error object failed again): start from its own message.
    const original = originalMessages.get(error) ?? error.message;
    const previous = error.message;
    const message = original === '' ? summary : `${original}\n\n${summary}`;
    // Read first: V8 formats the stack lazily, from the message at the time of the first read.
    const stack = error.stack;
    error.message = message;
    if (error.message !== message) return false;
    originalMessages.set(error, original);
    if (typeof stack === 'string') {
      const framesAt = stack.search(/\n\s+at /);
      const header = framesAt < 0 ? stack : stack.slice(0, framesAt);
      const frames = framesAt < 0 ? '' : stack.slice(framesAt);
      let newHeader: string;
      if (previous !== '' && header.endsWith(previous)) newHeader = header.slice(0, -previous.length) + message;
      else if (previous === '') newHeader = `${header}: ${message}`;
      else newHeader = `${header}\n\n${summary}`;
      error.stack = newHeader + frames;
    }
    return true;
  } catch {
    // A frozen error or a read-only message: wrap it instead.
    return false;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return `non-Error thrown: ${text}`;
  } catch {
    // fall through
  }
  return `non-Error thrown: ${String(value)}`;
}
