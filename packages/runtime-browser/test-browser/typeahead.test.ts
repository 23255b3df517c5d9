import { BrowserScheduler } from '@sched/runtime-browser';
import { describe, expect, test } from 'vitest';
import { DEBOUNCE_MS, EXPECTED, typeahead } from '../test/scenarios/typeahead.js';
import { until, withoutPostTask } from './helpers.js';

// The same scenario as test/typeahead-sim.test.ts (which runs it on the simulator), on the
// browser host in real Chromium, with both dispatch primitives.
describe('typeahead scenario on the browser host', () => {
  test('postTask: the same outcome as on the simulator', async () => {
    const scheduler = new BrowserScheduler();
    const start = scheduler.now();
    expect(await typeahead(scheduler)).toEqual(EXPECTED);
    expect(scheduler.now() - start).toBeGreaterThanOrEqual(DEBOUNCE_MS);
    await until(() => !scheduler.holdsHostResources);
  });

  test('MessageChannel fallback: the same outcome as on the simulator', async () => {
    await withoutPostTask(async () => {
      const scheduler = new BrowserScheduler();
      expect(scheduler.dispatchKind).toBe('MessageChannel');
      expect(await typeahead(scheduler)).toEqual(EXPECTED);
    });
  });
});
