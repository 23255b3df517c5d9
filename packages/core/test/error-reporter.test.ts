import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ErrorReporter } from '../src/index.js';
import { reportError, setSpawnLocationCapture as setCapture, setErrorReporter, spawn } from '../src/index.js';
import { emittedDuring } from './support/process-events.js';
import { TestHost } from './support/test-host.js';

// These tests read spawn locations; production hosts capture them only when asked ('auto' default).
let previousCapture: ReturnType<typeof setCapture>;
beforeAll(() => {
  previousCapture = setCapture(true);
});
afterAll(() => {
  setCapture(previousCapture);
});

let previous: ErrorReporter | undefined;
afterEach(() => {
  if (previous !== undefined) setErrorReporter(previous);
  previous = undefined;
  vi.restoreAllMocks();
});

describe('error reporter', () => {
  it('setErrorReporter installs a hook and returns the previous one', () => {
    const first: ErrorReporter = () => {};
    const second: ErrorReporter = () => {};
    previous = setErrorReporter(first);
    expect(setErrorReporter(second)).toBe(first);
    expect(setErrorReporter(first)).toBe(second);
  });

  it('the default reporter prints the task id, label, spawn location and the error to console.error', async () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    const host = new TestHost();
    const boom = new Error('printed');
    const task = spawn(
      host,
      (): void => {
        throw boom;
      },
      { label: 'noisy' },
    );
    task.detach();

    await host.runAll();

    expect(printed).toHaveLength(1);
    const [message, error] = printed[0] as [string, unknown];
    expect(error).toBe(boom);
    expect(message).toContain(`task #${task.id} "noisy"`);
    expect(message).toContain(`spawned at ${task.spawnLocation ?? '?'}`);
    expect(message).toMatch(/error-reporter\.test\.ts:\d+:\d+/);
  });

  it('without a captured location, the default reporter says how to turn capture on', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => {
      printed.push(String(message));
    });
    const host = new TestHost();
    setCapture('auto'); // a production host: nothing captured
    try {
      spawn(host, (): void => {
        throw new Error('no location');
      }).detach();
      await host.runAll();
    } finally {
      setCapture(true);
    }

    expect(printed[0]).toContain(
      'spawned at unknown location (spawn locations are not captured on production hosts by default: call setSpawnLocationCapture(true) from @sched/core at start-up to record them)',
    );
  });

  it('a throwing reporter does not throw into the caller; its failure surfaces as an uncaught error', async () => {
    const reporterFailure = new Error('reporter failed');
    previous = setErrorReporter(() => {
      throw reporterFailure;
    });
    const uncaught = await emittedDuring('uncaughtException', () => {
      expect(() =>
        reportError(new Error('x'), {
          id: 1,
          label: undefined,
          priority: 'normal',
          lane: 'foreground',
          sessionId: undefined,
          spawnLocation: undefined,
        }),
      ).not.toThrow();
    });
    expect(uncaught).toEqual([reporterFailure]);
  });
});
