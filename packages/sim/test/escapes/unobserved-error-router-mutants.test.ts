// The unobserved-error router in detail (docs/mutation.md, "sim: `escapes/`"): holds, reporters set
// while it is installed, and removing sinks.
import { type ErrorReporter, reportError, setErrorReporter, type TaskInfo } from '@sched/core';
import { hostInfo } from '@sched/core/host';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdRunHooks } from '../../src/escapes/run-hooks.js';
import { type ErrorSink, UnobservedErrorRouter } from '../../src/escapes/unobserved-error-router.js';

function sink(name: string, owned: readonly TaskInfo[], log: string[]): ErrorSink {
  return { owns: (task) => owned.includes(task), report: (error) => log.push(`${name}:${String(error)}`) };
}

/** The installed reporter, read without changing it. */
function installedReporter(): ErrorReporter {
  const current = setErrorReporter(() => {});
  setErrorReporter(current);
  return current;
}

describe('UnobservedErrorRouter in detail', () => {
  let saved: ErrorReporter;
  const log: string[] = [];
  const outside: ErrorReporter = (error) => log.push(`outside:${String(error)}`);
  const task = hostInfo('t');

  beforeEach(() => {
    log.length = 0;
    saved = setErrorReporter(outside);
  });
  afterEach(() => {
    setErrorReporter(saved);
  });

  it('a hold without sinks forwards to the reporter it replaced, which comes back at the release (released once)', () => {
    const release = UnobservedErrorRouter.hold();
    const inner = UnobservedErrorRouter.hold();
    expect(installedReporter()).not.toBe(outside);
    reportError('held', task);
    release();
    release(); // a second call must not release the other hold
    expect(installedReporter()).not.toBe(outside);
    inner();
    expect(installedReporter()).toBe(outside);
    reportError('after', task);
    expect(log).toEqual(['outside:held', 'outside:after']);
  });

  it('a reporter set while held is wrapped by the next add: sinks get their errors, the rest go to it, and it stays', () => {
    const release = UnobservedErrorRouter.hold();
    const later: ErrorReporter = (error) => log.push(`later:${String(error)}`);
    setErrorReporter(later);
    const mine = hostInfo('mine');
    const s = sink('s', [mine], log);
    UnobservedErrorRouter.add(s);
    expect(installedReporter()).not.toBe(later);
    reportError('owned', mine);
    UnobservedErrorRouter.remove(s);
    reportError('unowned, no sink', task);
    release();
    expect(installedReporter()).toBe(later);
    expect(log).toEqual(['s:owned', 'later:unowned, no sink']);
  });

  it('the last release leaves a reporter set meanwhile in place', () => {
    const release = UnobservedErrorRouter.hold();
    const meanwhile: ErrorReporter = () => {};
    setErrorReporter(meanwhile);
    release();
    expect(installedReporter()).toBe(meanwhile);
  });

  it('the router installed again by an add keeps the original reporter when nothing replaced it', () => {
    const release = UnobservedErrorRouter.hold();
    const s = sink('s', [], log);
    UnobservedErrorRouter.add(s);
    UnobservedErrorRouter.remove(s);
    reportError('x', task);
    release();
    expect(installedReporter()).toBe(outside);
    expect(log).toEqual(['outside:x']);
  });

  it('removing a sink that was never added leaves the others in place', () => {
    // The removal gives back the hold taken here (a remove always releases once).
    UnobservedErrorRouter.hold();
    const a = sink('a', [], log);
    const b = sink('b', [], log);
    UnobservedErrorRouter.add(a);
    UnobservedErrorRouter.add(b);
    UnobservedErrorRouter.remove(sink('never added', [], log));
    reportError('one', task);
    UnobservedErrorRouter.remove(b);
    reportError('two', task);
    UnobservedErrorRouter.remove(a);
    reportError('three', task);
    expect(log).toEqual(['b:one', 'a:two', 'outside:three']);
    expect(installedReporter()).toBe(outside);
  });

  it('removing a sink in the middle keeps the order of the others (the latest still gets stray errors)', () => {
    const [a, b, c] = [sink('a', [], log), sink('b', [], log), sink('c', [], log)];
    UnobservedErrorRouter.add(a);
    UnobservedErrorRouter.add(b);
    UnobservedErrorRouter.add(c);
    UnobservedErrorRouter.remove(b);
    reportError('one', task);
    UnobservedErrorRouter.remove(c);
    reportError('two', task);
    UnobservedErrorRouter.remove(a);
    expect(log).toEqual(['c:one', 'a:two']);
    expect(installedReporter()).toBe(outside);
  });

  it('the owner wins over the latest sink, whatever the order they were added in', () => {
    const [ta, tb] = [hostInfo('a'), hostInfo('b')];
    const a = sink('a', [ta], log);
    const b = sink('b', [tb], log);
    const stopA = UnobservedErrorRouter.install(a);
    const stopB = UnobservedErrorRouter.install(b);
    reportError('for a', ta);
    reportError('for b', tb);
    stopB();
    stopA();
    expect(log).toEqual(['a:for a', 'b:for b']);
  });
});

describe('holdRunHooks', () => {
  it('holds the spies and the router until released; detectRealTimers: false holds only the router', () => {
    const originalTimeout = globalThis.setTimeout;
    const reporter = installedReporter();

    const release = holdRunHooks({});
    expect(globalThis.setTimeout).not.toBe(originalTimeout);
    expect(installedReporter()).not.toBe(reporter);
    release();
    expect(globalThis.setTimeout).toBe(originalTimeout);
    expect(installedReporter()).toBe(reporter);

    const routerOnly = holdRunHooks({ detectRealTimers: false });
    expect(globalThis.setTimeout).toBe(originalTimeout);
    expect(installedReporter()).not.toBe(reporter);
    routerOnly();
    expect(installedReporter()).toBe(reporter);

    const explicit = holdRunHooks({ detectRealTimers: true });
    expect(globalThis.setTimeout).not.toBe(originalTimeout);
    explicit();
    expect(globalThis.setTimeout).toBe(originalTimeout);
  });
});

describe('UnobservedErrorRouter: stopping an install', () => {
  it('stops routing at the first call; a second call does not unbalance later holds', () => {
    const log: string[] = [];
    const saved = setErrorReporter((error) => log.push(`outside:${String(error)}`));
    const outside = installedReporter();
    try {
      const task = hostInfo('t');
      const stop = UnobservedErrorRouter.install(sink('s', [task], log));
      reportError('routed', task);
      stop();
      expect(installedReporter()).toBe(outside);
      reportError('after stop', task);
      stop();
      const release = UnobservedErrorRouter.hold();
      expect(installedReporter()).not.toBe(outside);
      release();
      expect(installedReporter()).toBe(outside);
      expect(log).toEqual(['s:routed', 'outside:after stop']);
    } finally {
      setErrorReporter(saved);
    }
  });
});
