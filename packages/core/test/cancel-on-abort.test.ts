import { describe, expect, it } from 'vitest';
import { cancelOnAbort } from '../src/workers/cancel-on-abort.js';

function fakeTask(): { cancel(reason?: unknown): boolean; reasons: unknown[] } {
  const reasons: unknown[] = [];
  return { reasons, cancel: (reason) => reasons.push(reason) > 0 };
}

describe('cancelOnAbort', () => {
  it('cancels the task with the reason when the signal aborts, once', () => {
    const task = fakeTask();
    const controller = new AbortController();
    expect(typeof cancelOnAbort(task, controller.signal)).toBe('function');
    expect(task.reasons).toEqual([]);
    controller.abort('stop');
    controller.abort('again');
    expect(task.reasons).toEqual(['stop']);
  });

  it('cancels at once, adding no listener, when the signal has already aborted', () => {
    const task = fakeTask();
    expect(cancelOnAbort(task, AbortSignal.abort('early'))).toBeUndefined();
    expect(task.reasons).toEqual(['early']);
  });

  it('returns the function that removes its listener', () => {
    const task = fakeTask();
    const controller = new AbortController();
    cancelOnAbort(task, controller.signal)?.();
    controller.abort('late');
    expect(task.reasons).toEqual([]);
  });
});
