// The escape watch in detail, against a stand-in driver (docs/mutation.md, "sim: `escapes/`"):
// which real timer calls are escapes, the hints, tolerated escapes, unobserved errors and the hooks
// a run installs and removes.
import * as timers from 'node:timers';
import { type ErrorReporter, reportError, setErrorReporter, type TaskInfo } from '@sched/core';
import { describeTask, hostInfo } from '@sched/core/host';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscapeError } from '../../src/errors/escape-error.js';
import { EscapeWatch, type EscapeWatchOptions, type WatchedDriver } from '../../src/escapes/escape-watch.js';

interface Driver extends WatchedDriver {
  inStep: boolean;
  running: boolean;
  current: TaskInfo | undefined;
  readonly live: Map<TaskInfo, unknown>;
  readonly escaped: EscapeError[];
  readonly failed: unknown[];
}

function driver(task: TaskInfo | undefined): Driver {
  const escaped: EscapeError[] = [];
  const failed: unknown[] = [];
  return {
    inStep: true,
    running: true,
    current: task,
    live: new Map(task === undefined ? [] : [[task, {}]]),
    escaped,
    failed,
    escape: (error) => escaped.push(error),
    fail: (error) => failed.push(error),
  };
}

function options(overrides: Partial<EscapeWatchOptions> = {}): EscapeWatchOptions {
  return {
    allowForeign: false,
    detectRealAsync: true,
    failOnUnobserved: true,
    tolerated: [],
    unobserved: [],
    ...overrides,
  };
}

/** A raw stack as V8 writes it: the `Error` line, the spy's frame, then the caller's frame. */
const stackFrom = (caller: string): string =>
  `Error\n    at spy (/x/real-async-spy.ts:1:1)\n    ${caller}\n    at more`;

/** The installed error reporter, read without changing it. */
function installedReporter(): ErrorReporter {
  const current = setErrorReporter(() => {});
  setErrorReporter(current);
  return current;
}

describe('EscapeWatch', () => {
  const task = hostInfo('sleeper');
  let saved: ErrorReporter;
  const outside: unknown[] = [];
  beforeEach(() => {
    outside.length = 0;
    saved = setErrorReporter((error) => outside.push(error));
  });
  afterEach(() => {
    setErrorReporter(saved);
  });

  it('a real timer call inside a step is a real-async escape naming the task, the api and the call site', () => {
    const watch = new EscapeWatch(options());
    const d = driver(task);
    watch.start(d);
    watch.onForeignCall({ api: 'setInterval', location: '/app/a.ts:3:7' }, stackFrom('at run (/app/a.ts:3:7)'));
    watch.stop();

    expect(d.escaped).toHaveLength(1);
    const error = d.escaped[0] as EscapeError;
    expect(error.kind).toBe('real-async');
    expect(error.location).toBe('/app/a.ts:3:7');
    expect(error.message).toBe(
      `${describeTask(task)} called the real setInterval at /app/a.ts:3:7 inside a simulated step: real asynchronous work runs outside the simulator's control. Use ctx.sleep, ctx.yieldNow or simulated I/O, or pass { allowForeign: true }.`,
    );
  });

  it('an unknown call site is named so, and the task’s spawn location is the escape’s location', () => {
    const located = { ...hostInfo('t'), spawnLocation: '/app/spawn.ts:9:1' } as TaskInfo;
    const watch = new EscapeWatch(options());
    const d = driver(located);
    watch.start(d);
    watch.onForeignCall({ api: 'setTimeout', location: undefined }, undefined);
    watch.stop();

    const error = d.escaped[0] as EscapeError;
    expect(error.message).toContain('called the real setTimeout at an unknown location inside a simulated step');
    expect(error.location).toBe('/app/spawn.ts:9:1');
  });

  it('no escape outside a step, without a current task, between runs, or for calls the runtime makes', () => {
    const watch = new EscapeWatch(options());
    const d = driver(task);
    const call = { api: 'setTimeout', location: '/app/a.ts:1:1' };
    watch.onForeignCall(call, undefined); // not started: no driver
    watch.start(d);
    d.inStep = false;
    watch.onForeignCall(call, stackFrom('at f (/app/a.ts:1:1)'));
    d.inStep = true;
    d.current = undefined;
    watch.onForeignCall(call, stackFrom('at f (/app/a.ts:1:1)'));
    d.current = task;
    watch.onForeignCall(call, stackFrom('at afterWrite (node:internal/streams/writable:1:1)'));
    watch.onForeignCall(call, `Error\n    at spy (x)\n    at g (/app/a.ts:1:1)\n    at console.log (node:x)`);
    watch.onForeignCall(call, `Error\n    at spy (x)\n    at g (/app/a.ts:1:1)\n    at Console.warn (node:x)`);
    expect(d.escaped).toEqual([]);
    // A stack whose caller frame is the user's, with no console frame, is an escape.
    watch.onForeignCall(call, `Error\n    at spy (x)\n    at g (/app/a.ts:1:1)\n    at consoleLike.log (y)`);
    watch.onForeignCall(call, 'Error');
    watch.stop();
    expect(d.escaped).toHaveLength(2);
  });

  it('parked-on-foreign and foreign-wake name the task and hint at the last three real timer calls', () => {
    const watch = new EscapeWatch(options());
    const d = driver(task);
    expect(watch.parkedOnForeign(task).message).toBe(
      `${describeTask(task)} is waiting on something the simulator does not own (real I/O, a real timer or a promise from outside) that no simulated step resolved. Await scheduler-owned things (ctx.sleep, tasks, Channel, Mutex, simulated I/O) or pass { allowForeign: true }.`,
    );
    expect(watch.foreignWake(task).message).toBe(
      `${describeTask(task)} finished outside its own step: something the simulator does not own resumed it`,
    );

    watch.start(d);
    d.inStep = false; // calls between steps are not escapes, but they are remembered for the hint
    for (let i = 1; i <= 25; i++) watch.onForeignCall({ api: `api${i}`, location: `/app/f.ts:${i}:1` }, undefined);
    watch.onForeignCall({ api: 'setImmediate', location: undefined }, undefined);
    watch.stop();

    const hint =
      '. Real timer calls seen during the run: api24 at /app/f.ts:24:1, api25 at /app/f.ts:25:1, setImmediate at unknown';
    const parked = watch.parkedOnForeign(task);
    expect(parked.kind).toBe('parked-on-foreign');
    expect(parked.location).toBe(task.spawnLocation);
    expect(parked.message).toContain(`that no simulated step resolved${hint}. Await scheduler-owned things`);
    const woken = watch.foreignWake(task);
    expect(woken.kind).toBe('foreign-wake');
    expect(woken.message.endsWith(`resumed it${hint}`)).toBe(true);
    expect(d.escaped).toEqual([]);
  });

  it('tolerate records the escape only with allowForeign', () => {
    const strict = options();
    const error = new EscapeError('real-async', 'x', undefined);
    expect(new EscapeWatch(strict).tolerate(error)).toBe(false);
    expect(strict.tolerated).toEqual([]);
    const lenient = options({ allowForeign: true });
    expect(new EscapeWatch(lenient).tolerate(error)).toBe(true);
    expect(lenient.tolerated).toEqual([error]);
  });

  it('owns the live tasks of the running driver only', () => {
    const watch = new EscapeWatch(options());
    expect(watch.owns(task)).toBe(false);
    watch.start(driver(task));
    expect(watch.owns(task)).toBe(true);
    expect(watch.owns(hostInfo('other'))).toBe(false);
    watch.stop();
    expect(watch.owns(task)).toBe(false);
  });

  it('records every unobserved error and fails the run only while one is in progress, when told to', () => {
    const failing = options();
    const watch = new EscapeWatch(failing);
    const d = driver(task);
    watch.report('before', task); // no run
    watch.start(d);
    watch.report('during', task);
    d.running = false;
    watch.report('between', task);
    watch.stop();
    expect(failing.unobserved).toEqual([
      { error: 'before', task },
      { error: 'during', task },
      { error: 'between', task },
    ]);
    expect(d.failed).toEqual(['during']);

    const recording = options({ failOnUnobserved: false });
    const quiet = new EscapeWatch(recording);
    const d2 = driver(task);
    quiet.start(d2);
    quiet.report('recorded', task);
    quiet.stop();
    expect(recording.unobserved).toEqual([{ error: 'recorded', task }]);
    expect(d2.failed).toEqual([]);
  });

  it('a run routes unobserved errors of its tasks to the watch and spies on real timers, and undoes both at stop', () => {
    const original = globalThis.setTimeout;
    const reporter = installedReporter();
    const opts = options();
    const watch = new EscapeWatch(opts);
    const d = driver(task);
    watch.start(d);
    expect(globalThis.setTimeout).not.toBe(original);
    reportError('routed', task);
    clearTimeout(setTimeout(() => {}, 1000));
    watch.stop();
    watch.stop(); // a second stop changes nothing
    expect(globalThis.setTimeout).toBe(original);
    expect(installedReporter()).toBe(reporter);
    expect(opts.unobserved).toEqual([{ error: 'routed', task }]);
    expect(d.escaped.map((e) => e.kind)).toEqual(['real-async']);
    reportError('after', task);
    expect(outside).toEqual(['after']);
  });

  it('without detectRealAsync a run installs no spies, and stop removes none', () => {
    const original = globalThis.setTimeout;
    const watch = new EscapeWatch(options({ detectRealAsync: false }));
    const d = driver(task);
    const held = new EscapeWatch(options());
    const other = driver(task);
    held.start(other); // another run spies meanwhile
    const spy = globalThis.setTimeout;
    watch.start(d);
    expect(globalThis.setTimeout).toBe(spy);
    clearTimeout(setTimeout(() => {}, 1000));
    watch.stop();
    expect(globalThis.setTimeout).toBe(spy); // still the other run's
    held.stop();
    expect(globalThis.setTimeout).toBe(original);
    expect(d.escaped).toEqual([]);
    expect(other.escaped).toHaveLength(1);
  });
});

describe('EscapeWatch: what a run leaves behind', () => {
  const task = hostInfo('t');

  it('after stop the native setTimeout is back, whatever earlier runs left', () => {
    const watch = new EscapeWatch(options());
    watch.start(driver(task));
    expect(globalThis.setTimeout).not.toBe(timers.setTimeout);
    watch.stop();
    expect(globalThis.setTimeout).toBe(timers.setTimeout);
  });

  it('a hint from a single real timer call names only that call', () => {
    const watch = new EscapeWatch(options());
    const d = driver(task);
    d.inStep = false;
    watch.start(d);
    watch.onForeignCall({ api: 'setTimeout', location: '/a.ts:1:1' }, undefined);
    watch.stop();
    expect(
      watch.foreignWake(task).message.endsWith('. Real timer calls seen during the run: setTimeout at /a.ts:1:1'),
    ).toBe(true);
  });
});
