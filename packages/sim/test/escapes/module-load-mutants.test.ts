// What the escape modules decide when they load (docs/mutation.md, "sim: `escapes/`"): each test
// loads a fresh copy of the module (vi.resetModules), so the module-level choices are made again
// and checked: which real tick the drain watch uses, whether async-context tracking is cheap, and
// that the listener lists start empty.
import * as timers from 'node:timers';
import { beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

describe('a freshly loaded drain watch', () => {
  it('reports the end of the current drain on process.nextTick: before a setImmediate queued earlier', async () => {
    const { DrainWatch } = await import('../../src/escapes/drain-watch.js');
    const log: string[] = [];
    const done = new Promise<void>((resolve) => setImmediate(resolve));
    setImmediate(() => log.push('immediate'));
    const listener = {
      onDrained() {
        log.push('drained');
        DrainWatch.remove(listener);
      },
    };
    DrainWatch.add(listener);
    await done;
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(log).toEqual(['drained', 'immediate']);
  });
});

describe('freshly loaded task context', () => {
  it('is cheap only from Node 24 on', async () => {
    const { cheapTaskContext } = await import('../../src/escapes/task-context.js');
    expect(cheapTaskContext).toBe(Number(process.versions.node.split('.')[0]) >= 24);
  });
});

describe('a freshly loaded real-timer spy', () => {
  it('starts with no listener: the first install hears exactly its own calls', async () => {
    const { RealAsyncSpy } = await import('../../src/escapes/real-async-spy.js');
    const apis: string[] = [];
    const stop = RealAsyncSpy.install((call) => apis.push(call.api));
    try {
      clearTimeout(setTimeout(() => {}, 1000));
    } finally {
      stop();
    }
    expect(apis).toEqual(['setTimeout']);
    expect(globalThis.setTimeout).toBe(timers.setTimeout);
  });
});

describe('a freshly loaded error router', () => {
  it('starts with no sink: an installed sink gets the errors of tasks it owns', async () => {
    // The fresh router imports a fresh core: report through that one.
    const { UnobservedErrorRouter } = await import('../../src/escapes/unobserved-error-router.js');
    const { reportError, setErrorReporter } = await import('@sched/core');
    const { hostInfo } = await import('@sched/core/host');
    const got: unknown[] = [];
    const task = hostInfo('t');
    const outside: unknown[] = [];
    const saved = setErrorReporter((error) => outside.push(error));
    try {
      const stop = UnobservedErrorRouter.install({ owns: (t) => t === task, report: (error) => got.push(error) });
      reportError('mine', task);
      stop();
      reportError('after', task);
    } finally {
      setErrorReporter(saved);
    }
    expect(got).toEqual(['mine']);
    expect(outside).toEqual(['after']);
  });
});
