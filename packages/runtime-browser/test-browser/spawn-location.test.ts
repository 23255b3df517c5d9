// Spawn locations in Chromium: core reads V8's call sites there too (no source-map hook is
// installed in the page), skipping @sched's own modules as Vite serves them.
import { setSpawnLocationCapture, spawn } from '@sched/core';
import { BrowserScheduler } from '@sched/runtime-browser';
import { afterEach, expect, test } from 'vitest';

afterEach(() => {
  setSpawnLocationCapture('auto');
});

/** `line` of the caller, as the page's own `new Error().stack` gives it. */
function callerLine(): number {
  const frame = (new Error('here').stack ?? '').split('\n')[2] ?? '';
  const match = /:(\d+):\d+\)?\s*$/.exec(frame.trim());
  if (match === null) throw new Error(`cannot parse stack frame: ${frame}`);
  return Number(match[1]);
}

test('a task spawned with capture on names this test file and line; off by default in the browser', async () => {
  const scheduler = new BrowserScheduler();
  const off = spawn(scheduler, () => 0);
  setSpawnLocationCapture(true);

  const [task, line] = [spawn(scheduler, () => 1), callerLine()];
  const again = [1, 2].map(() => spawn(scheduler, () => 2));

  expect(off.spawnLocation).toBeUndefined();
  expect(task.spawnLocation).toMatch(/spawn-location\.test\.ts(?:\?[^:]*)?:\d+:\d+$/);
  expect(Number(/:(\d+):\d+$/.exec(task.spawnLocation ?? '')?.[1])).toBe(line);
  expect(task.spawnLocation).not.toContain('/core/src/');
  expect(again[0]?.spawnLocation).toBe(again[1]?.spawnLocation);
  expect(await Promise.all([off, task, ...again])).toEqual([0, 1, 2, 2]);
});
