import { spawn } from '@sched/core';
import { BrowserScheduler } from '@sched/runtime-browser';
import { expect, test } from 'vitest';

test('these tests run in real headless Chromium, with scheduler.postTask and scheduler.yield', async () => {
  expect(navigator.userAgent).toMatch(/HeadlessChrome\/\d+/);
  const native = (globalThis as { scheduler?: { postTask?: unknown; yield?: unknown } }).scheduler;
  expect(typeof native?.postTask).toBe('function');
  expect(typeof native?.yield).toBe('function');
  const scheduler = new BrowserScheduler();
  expect(scheduler.dispatchKind).toBe('postTask');
  expect(await spawn(scheduler, () => 42)).toBe(42);
});
