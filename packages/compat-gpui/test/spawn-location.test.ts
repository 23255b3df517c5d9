// Spawn locations through GPUI's wrappers: the deepest spawn paths @sched has (AsyncApp.spawn →
// ForegroundExecutor.spawn → spawn → startTask → Task), so the frames core walks per capture
// must reach the user's frame past all of them, and skip each.

import { AsyncApp, BackgroundExecutor, ForegroundExecutor } from '@sched/compat-gpui';
import { setSpawnLocationCapture, type Task } from '@sched/core';
import { NodeScheduler } from '@sched/runtime-node';
import { Simulator } from '@sched/sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const THIS_FILE = /[\\/]packages[\\/]compat-gpui[\\/]test[\\/]spawn-location\.test\.ts:\d+:\d+$/;

/** `file:line` of the caller, read from `new Error().stack` (so under the same hook as core). */
function callerLine(): string {
  const frame = (new Error('here').stack ?? '').split('\n')[2] ?? '';
  const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(frame.trim());
  if (match === null) throw new Error(`cannot parse stack frame: ${frame}`);
  return `${(match[1] as string).replace(/^file:\/\//, '')}:${match[2] as string}`;
}

const withoutColumn = (location: string | undefined): string | undefined => location?.replace(/:\d+$/, '');

type Prepare = ((error: unknown, sites: unknown[]) => unknown) | undefined;
const ErrorClass = Error as unknown as { prepareStackTrace?: Prepare };

describe.each([
  ["under vitest's source-map hook", false],
  ['with no hook (V8 call sites)', true],
])('GPUI spawn locations, %s', (_mode, clearHook) => {
  let installed: Prepare;
  let previousCapture: ReturnType<typeof setSpawnLocationCapture>;

  beforeEach(() => {
    installed = ErrorClass.prepareStackTrace;
    previousCapture = setSpawnLocationCapture(true);
  });

  afterEach(() => {
    ErrorClass.prepareStackTrace = installed;
    setSpawnLocationCapture(previousCapture);
  });

  it.each([
    ['runtime-node', () => new NodeScheduler()],
    ['the simulator', () => new Simulator({ seed: 1 })],
  ])('on %s: every executor method names the caller', (_host, makeHost) => {
    const host = makeHost();
    const background = new BackgroundExecutor(host);
    const foreground = new ForegroundExecutor(host);
    const cx = new AsyncApp(host);

    if (clearHook) ErrorClass.prepareStackTrace = undefined;
    const cases: Array<[Task<unknown>, string]> = [
      [background.spawn(async () => 1), callerLine()],
      [background.spawnLabeled('l', async () => 1), callerLine()],
      [foreground.spawn(async () => 1), callerLine()],
      [cx.spawn(async () => 1), callerLine()],
      [cx.backgroundSpawn(async () => 1), callerLine()],
    ];
    ErrorClass.prepareStackTrace = installed;

    for (const [task, expected] of cases) {
      expect(task.spawnLocation).toMatch(THIS_FILE);
      expect(withoutColumn(task.spawnLocation)).toBe(expected);
      task.detach();
    }
  });
});
