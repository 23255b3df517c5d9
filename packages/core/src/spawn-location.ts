import { probeOf } from './control/control.js';
import type { Scheduler } from './scheduler.js';
import type { TaskInfo } from './task/task-info.js';

/**
 * When spawn locations are captured: `true` always, `false` never, `'auto'` (the default) only
 * on hosts that control every wake-up (the simulator) and do not turn it off through their probe
 * (a simulator built with `spawnLocations: false`, as the passing seeds of a multi-seed run are),
 * where cleanup reports and traces need them. On production hosts a capture (a stack walk,
 * formatted only when a report reads it) still costs over ten times a spawn, so `'auto'` leaves
 * it off there; reports that lack a location say how to turn it on.
 */
export type SpawnLocationCapture = boolean | 'auto';

let captureMode: SpawnLocationCapture = 'auto';

/**
 * Sets when spawn locations are captured (see {@link SpawnLocationCapture}) and returns the
 * previous setting. A stack walk costs microseconds per spawn (over ten times the spawn itself on
 * Node), which is why production hosts skip it unless you turn it on, for example to get
 * locations in session cleanup reports and unobserved-error reports.
 */
export function setSpawnLocationCapture(mode: SpawnLocationCapture): SpawnLocationCapture {
  const previous = captureMode;
  captureMode = mode;
  return previous;
}

/**
 * What reports say about a missing spawn location: how to get one. Capture is off on production
 * hosts by default because a stack walk per spawn costs over ten times the spawn itself
 * (`pnpm bench node-dispatch`, row "location capture on").
 */
export const SPAWN_LOCATION_HINT =
  'spawn locations are not captured on production hosts by default: call setSpawnLocationCapture(true) from @sched/core at start-up to record them';

/**
 * Where `task` was spawned, for reports: its location, or `unknown location` followed by how to
 * turn capture on when capture may be off (never for host work, task id 0, which has no spawn).
 * Pass `hint: false` in a list whose report gives {@link SPAWN_LOCATION_HINT} once.
 */
export function spawnedAt(task: TaskInfo, hint = true): string {
  if (task.spawnLocation !== undefined) return task.spawnLocation;
  if (!hint || !lacksCapture(task)) return 'unknown location';
  return `unknown location (${SPAWN_LOCATION_HINT})`;
}

/** Whether `task` has no location and capture being off may be why (host work never has one). */
function lacksCapture(task: TaskInfo): boolean {
  return task.spawnLocation === undefined && task.id !== 0 && captureMode !== true;
}

/**
 * For a report listing `tasks` with `spawnedAt(task, false)`: `(` {@link SPAWN_LOCATION_HINT} `)`
 * when some of them lack a location because capture may be off, otherwise undefined; so a report
 * gives the hint once, only when it helps.
 */
export function spawnLocationHint(tasks: Iterable<TaskInfo>): string | undefined {
  for (const task of tasks) if (lacksCapture(task)) return `(${SPAWN_LOCATION_HINT})`;
  return undefined;
}

/** @sched's package names (their frames are skipped: the location is the user's call site). */
const OUR_PACKAGES = /^(?:core|sim|compat-gpui|compat-cloud|runtime-[a-z]+)[\\/](?:src|dist)[\\/]/;
/** Installed copies: `…/node_modules/@sched/<package>/…` (also inside pnpm's `.pnpm` store). */
const INSTALLED_FRAME = /[\\/]node_modules[\\/]@sched[\\/](?:core|sim|compat-gpui|compat-cloud|runtime-[a-z]+)[\\/]/;
/**
 * The folder holding this package and its siblings (the monorepo's `packages/`, or
 * `node_modules/@sched/`). Undefined where `import.meta.url` is not a hierarchical URL (workerd
 * names modules as it likes): installed copies are still recognised by {@link INSTALLED_FRAME}.
 */
const PACKAGES_ROOT = packagesRoot();

function packagesRoot(): string | undefined {
  try {
    return stripFileScheme(decodeURI(new URL('../../', import.meta.url).href));
  } catch {
    return undefined;
  }
}

function stripFileScheme(path: string): string {
  return path.replace(/^file:\/\//, '');
}

function isInternalFrame(path: string): boolean {
  if (INSTALLED_FRAME.test(path)) return true;
  const plain = stripFileScheme(path);
  return (
    PACKAGES_ROOT !== undefined &&
    plain.startsWith(PACKAGES_ROOT) &&
    OUR_PACKAGES.test(plain.slice(PACKAGES_ROOT.length))
  );
}

/**
 * A lazily formatted stack snapshot. V8 captures the structured trace at construction and only
 * formats it when `.stack` is first read, so holding one per task is cheap.
 */
export class LocationCapture {
  declare readonly stack: string | undefined;
  #location: string | undefined | null = null;

  /** The first `file:line:column` outside @sched's own packages. */
  get location(): string | undefined {
    if (this.#location === null) this.#location = firstUserFrame(this.stack);
    return this.#location;
  }
}

/**
 * How many frames a capture keeps, counted below the function passed to {@link captureLocation}
 * (for a task: below its constructor). Enough for `startTask`, `spawn` and two wrappers of
 * @sched's own (the deepest path: GPUI's `AsyncApp.spawn` over `ForegroundExecutor.spawn`) before
 * the user's frame; every spawn path is covered by a test. Each frame costs time and memory per spawn, and a stack with fewer synchronous frames
 * than the limit makes V8 walk the awaiting async functions too (the dearest part), so the
 * limit is kept just large enough.
 */
const CAPTURED_FRAMES = 5;

/**
 * Captures the stack below the innermost call of `below` (by default this function, so the first
 * frame is its caller), or returns undefined when capture is off for `scheduler`. V8 records the structured frames only; they are formatted when
 * a report first reads the location.
 */
export function captureLocation(
  scheduler?: Scheduler,
  // biome-ignore lint/complexity/noBannedTypes: any function or constructor, as Error.captureStackTrace takes
  below: Function = captureLocation,
): LocationCapture | undefined {
  if (captureMode !== true) {
    // 'auto': only on a controlled host whose probe does not turn capture off.
    const probe = captureMode === 'auto' ? probeOf(scheduler) : undefined;
    if (probe === undefined || probe.spawnLocations === false) return undefined;
  }
  const capture = new LocationCapture();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURED_FRAMES;
  Error.captureStackTrace(capture, below);
  Error.stackTraceLimit = limit;
  return capture;
}

/** Extracts the first user frame (`file:line:column`) from a V8 stack string. */
export function firstUserFrame(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/|\/|[A-Za-z]:\\|node:|https?:\/\/)[^()\s]*:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (match?.[1] === undefined) continue;
    if (isInternalFrame(match[1]) || match[1].startsWith('node:')) continue;
    return match[1].replace(/^file:\/\//, '');
  }
  return undefined;
}
