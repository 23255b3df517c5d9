import { spawn } from '@sched/core';
import { BrowserScheduler } from '@sched/runtime-browser';
import { expect, test } from 'vitest';

test('runs in chromium', async () => {
  const s = new BrowserScheduler();
  expect(navigator.userAgent).toContain('Chrome');
  expect(await spawn(s, () => 42)).toBe(42);
  expect(s.dispatchKind).toBe('postTask');
});
