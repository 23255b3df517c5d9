import { probeOf } from './control/control.js';
import type { Scheduler } from './scheduler.js';
import type { TaskInfo } from './task/task-info.js';

/**
 * When spawn locations are captured: `true` always, `false` never, `'auto'` (the default) only
 * on hosts that control every wake-up (the simulator) and do not turn it off through their probe
 * (a simulator built with `spawnLocations: false`, as the passing seeds of a multi-seed run are),
 * where cleanup reports and traces need them. A captured task holds one interned
 * `file:line:column` string (no stack frames), so capture costs no memory to speak of; but the
 * stack walk itself, V8's, still costs microseconds per spawn, over ten times a spawn on Node
 * (`pnpm bench node-dispatch`), so `'auto'` leaves it off on production hosts; reports that lack
 * a location say how to turn it on.
 */
export type SpawnLocationCapture = boolean | 'auto';

let captureMode: SpawnLocationCapture = 'auto';

/**
 * Sets when spawn locations are captured (see {@link SpawnLocationCapture}) and returns the
 * previous setting. A capture walks a few stack frames, microseconds per spawn (over ten times
 * the spawn itself on Node), which is why production hosts skip it unless you turn it on, for
 * example to get locations in session cleanup reports and unobserved-error reports. It retains no
 * frames: each task holds one string shared by every task spawned at the same place.
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
    // Vite rewrites `new URL(dir, import.meta.url)` in the modules it serves, dropping the
    // trailing slash; without it no frame's remainder would start with a package name.
    const root = stripFileScheme(decodeURI(new URL('../../', import.meta.url).href));
    return root.endsWith('/') ? root : `${root}/`;
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
 * How many frames a capture walks, counted below the function passed to {@link captureLocation}
 * (for a task: below its constructor). Enough for `startTask`, `spawn` and two wrappers of
 * @sched's own (the deepest path: GPUI's `AsyncApp.spawn` over `ForegroundExecutor.spawn`) before
 * the user's frame; every spawn path is covered by a test. Each frame costs time per spawn, and a
 * stack with fewer synchronous frames than the limit makes V8 walk the awaiting async functions
 * too, so the limit is kept just large enough.
 */
const CAPTURED_FRAMES = 5;

/** A V8 call site, as `Error.prepareStackTrace` receives them (only what is read here). */
interface CallSite {
  /** The script's `//# sourceURL` if it has one, else its name (what V8's own stacks print). */
  getScriptNameOrSourceURL?(): string | null | undefined;
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  /** A hash of the script's source: a script reloaded under the same name has another one. */
  getScriptHash?(): string;
}

type PrepareStackTrace = (error: unknown, sites: CallSite[]) => unknown;

/**
 * What is known about one script (a file or URL in V8's call sites): whether its frames are
 * skipped, and the location each of its call sites resolved to, one interned string per
 * `line:column`, as the `Error.prepareStackTrace` hook of the time formatted it.
 */
interface ScriptSites {
  /** True for @sched's own files, `node:` and anything that is not a file or URL. */
  readonly skipped: boolean;
  /** The hook the locations below were formatted by (undefined: the engine's own formatting). */
  hook: PrepareStackTrace | undefined;
  /** The source hash the locations below were found in (a reloaded module has another one). */
  hash: string | undefined;
  readonly byPosition: Map<number | string, string | undefined>;
}

/**
 * Script name → what is known about it. Grows with the distinct spawn sites of a program, and is
 * emptied when it reaches {@link MAX_SCRIPTS} names (code evaluated under a fresh `sourceURL`
 * each time would otherwise grow it without end).
 */
const scripts = new Map<string, ScriptSites>();
const MAX_SCRIPTS = 4096;

/** The frames a location can be: a path, a file or http(s) URL (also Windows drives), or `node:`. */
const LOCATABLE = /^(?:file:\/\/|\/|[A-Za-z]:\\|node:|https?:\/\/)/;

function scriptSites(fileName: string): ScriptSites {
  let sites = scripts.get(fileName);
  if (sites === undefined) {
    if (scripts.size >= MAX_SCRIPTS) {
      scripts.clear();
      parsedLocations.clear();
    }
    const skipped = !LOCATABLE.test(fileName) || fileName.startsWith('node:') || isInternalFrame(fileName);
    sites = { skipped, hook: undefined, hash: undefined, byPosition: new Map() };
    scripts.set(fileName, sites);
  }
  return sites;
}

/** Interns a location parsed from a formatted stack. */
const parsedLocations = new Map<string, string>();

function internParsed(location: string | undefined): string | undefined {
  if (location === undefined) return undefined;
  const known = parsedLocations.get(location);
  if (known !== undefined) return known;
  parsedLocations.set(location, location);
  return location;
}

/** The `Error.prepareStackTrace` that was installed when the current capture began. */
let foreignPrepare: PrepareStackTrace | undefined;
/** Whether the engine called {@link pickLocation} (V8 does; other engines format a string). */
let picked = false;
/**
 * A new site met with no hook installed, left for {@link locationBelow} to resolve from the
 * engine's own formatted stack (which Node source-maps under `--enable-source-maps`).
 */
let unresolved: { readonly script: ScriptSites; readonly key: number | string; readonly raw: string } | undefined;

/**
 * Installed as `Error.prepareStackTrace` for the duration of one capture: the location of the
 * first call site outside @sched, from a per-site cache. A site seen for the first time is
 * resolved by the hook that was installed before (Node's default formatter, a test runner's
 * source-map hook), formatting the trace once and parsing it, so locations read as the program's
 * own stacks do (source-mapped where those are); with no hook, from the site's own position.
 */
function pickLocation(error: unknown, sites: CallSite[]): string | undefined {
  picked = true;
  for (const site of sites) {
    const fileName = site.getScriptNameOrSourceURL?.() ?? site.getFileName();
    if (typeof fileName !== 'string') continue;
    const script = scriptSites(fileName);
    if (script.skipped) continue;
    const hash = site.getScriptHash?.();
    if (script.hook !== foreignPrepare || script.hash !== hash) {
      script.byPosition.clear(); // another hook, or the module was reloaded: resolve its sites again
      script.hook = foreignPrepare;
      script.hash = hash;
    }
    const line = site.getLineNumber() ?? 0;
    const column = site.getColumnNumber() ?? 0;
    // One number while it is exact (lines below 2^21, columns below 2^32), else a string.
    const key = line < 0x200000 && column < 0x100000000 ? line * 0x100000000 + column : `${line}:${column}`;
    const known = script.byPosition.get(key);
    if (known !== undefined || script.byPosition.has(key)) return known;
    const raw = `${stripFileScheme(fileName)}:${line}:${column}`;
    if (foreignPrepare === undefined) {
      unresolved = { script, key, raw };
      return raw;
    }
    const location = unlessTruncated(formattedBy(foreignPrepare, error, sites), raw);
    script.byPosition.set(key, location);
    return location;
  }
  return undefined;
}

/**
 * The location parsed from a formatted stack, unless parsing cut it short: a path with a space
 * stops the parse, leaving a tail of the site's own `file:line:column`, which is then used.
 */
function unlessTruncated(parsed: string | undefined, raw: string): string {
  if (parsed === undefined || (parsed !== raw && raw.endsWith(parsed))) return raw;
  return parsed;
}

/** The first user frame of the trace as `hook` formats it; undefined if it throws or gives no string. */
function formattedBy(hook: PrepareStackTrace, error: unknown, sites: CallSite[]): string | undefined {
  try {
    const formatted = hook(error, sites);
    return typeof formatted === 'string' ? internParsed(firstUserFrame(formatted)) : undefined;
  } catch {
    return undefined; // a broken hook costs the mapping, never the spawn
  }
}

/**
 * The location of the code that called `below` (by default this function, so: its caller's
 * caller's frame outside @sched), or undefined when capture is off for `scheduler` or no frame
 * outside @sched is within reach. On V8 the call sites are read while the capture happens and
 * the resulting `file:line:column` is interned, so a task holds one pointer to a string shared
 * by every task spawned from the same place and no frames are retained. Elsewhere the stack is
 * formatted and parsed.
 */
export function captureLocation(
  scheduler?: Scheduler,
  // biome-ignore lint/complexity/noBannedTypes: any function or constructor, as Error.captureStackTrace takes
  below: Function = captureLocation,
): string | undefined {
  if (captureMode !== true) {
    // 'auto': only on a controlled host whose probe does not turn capture off.
    const probe = captureMode === 'auto' ? probeOf(scheduler) : undefined;
    if (probe === undefined || probe.spawnLocations === false) return undefined;
  }
  return locationBelow(below);
}

// biome-ignore lint/complexity/noBannedTypes: as in captureLocation
function locationBelow(below: Function): string | undefined {
  const ErrorClass = Error as ErrorConstructor & { prepareStackTrace?: PrepareStackTrace | undefined };
  if (typeof ErrorClass.captureStackTrace !== 'function') {
    return internParsed(firstUserFrame(new Error().stack));
  }
  const prepare = ErrorClass.prepareStackTrace;
  const limit = ErrorClass.stackTraceLimit;
  // A capture may run inside another one (a foreign hook that spawns): keep the outer's state.
  const outerForeign = foreignPrepare;
  const outerPicked = picked;
  const outerUnresolved = unresolved;
  foreignPrepare = prepare;
  picked = false;
  unresolved = undefined;
  let hooked = false;
  let stack: unknown;
  try {
    // The global may be read-only (a hardened realm): then capture without the hook.
    hooked = setGlobal(ErrorClass, 'prepareStackTrace', pickLocation);
    stack = stackBelow(below, ErrorClass, limit);
  } finally {
    if (hooked) ErrorClass.prepareStackTrace = prepare;
    foreignPrepare = outerForeign;
  }
  const wasPicked = picked;
  const pending = unresolved;
  picked = outerPicked;
  unresolved = outerUnresolved;
  if (pending !== undefined) return resolvePlain(pending, below, ErrorClass, limit);
  if (wasPicked) return stack as string | undefined;
  return parsedLocation(stack);
}

/**
 * `Error.captureStackTrace` of the frames below `below`, at most {@link CAPTURED_FRAMES} of them,
 * read at once (through whatever `Error.prepareStackTrace` is installed); `stackTraceLimit` is
 * put back to `limit` afterwards (it may be read-only: then the realm's own limit applies).
 */
// biome-ignore lint/complexity/noBannedTypes: as in captureLocation
function stackBelow(below: Function, ErrorClass: ErrorConstructor, limit: number): unknown {
  const holder: { stack?: unknown } = {};
  setGlobal(ErrorClass, 'stackTraceLimit', CAPTURED_FRAMES);
  try {
    ErrorClass.captureStackTrace(holder, below);
    return holder.stack;
  } finally {
    if (ErrorClass.stackTraceLimit !== limit) setGlobal(ErrorClass, 'stackTraceLimit', limit);
  }
}

/** The interned first user frame of a formatted stack (undefined for anything but a string). */
function parsedLocation(stack: unknown): string | undefined {
  return typeof stack === 'string' ? internParsed(firstUserFrame(stack)) : undefined;
}

/** Sets `Error[name]`; false if the realm made it read-only. */
function setGlobal<K extends 'prepareStackTrace' | 'stackTraceLimit'>(
  ErrorClass: ErrorConstructor,
  name: K,
  value: ErrorConstructor[K],
): boolean {
  try {
    ErrorClass[name] = value;
  } catch {
    return false;
  }
  return ErrorClass[name] === value;
}

/**
 * Resolves a site first met with no hook installed, from the engine's own formatted stack of a
 * second capture (what the program's stacks print; Node source-maps it under
 * `--enable-source-maps`), and caches it; once per site.
 */
function resolvePlain(
  pending: NonNullable<typeof unresolved>,
  // biome-ignore lint/complexity/noBannedTypes: as in captureLocation
  below: Function,
  ErrorClass: ErrorConstructor,
  limit: number,
): string {
  const location = unlessTruncated(parsedLocation(stackBelow(below, ErrorClass, limit)), pending.raw);
  pending.script.byPosition.set(pending.key, location);
  return location;
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
