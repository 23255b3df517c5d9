// The worker pool's small pure parts, value by value: option checking and defaults, close modes,
// transfer lists, module names, the window size (docs/mutation.md, runtime-node "the rest").
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { monotonicClock } from '../src/clock.js';
import { NodeScheduler } from '../src/node-scheduler.js';
import { closeMode, poolSettings, WINDOW_GROWTH } from '../src/pool/pool-options.js';
import { isWithTransfer, transferList, withTransfer } from '../src/pool/with-transfer.js';
import { WORKER_ENTRY } from '../src/pool/worker-entry-url.js';
import { normalizeModule, workerFunction, workerTask } from '../src/pool/worker-function.js';
import { nextJobMs, WINDOW_BUDGET_MS, windowFor } from '../src/pool/worker-window.js';
import { threadScheduler } from '../src/thread-scheduler.js';

const invalid = (argument: string) => expect.objectContaining({ name: 'InvalidArgumentError', argument });

describe('poolSettings', () => {
  const scheduler = new NodeScheduler();

  it('fills in every default', () => {
    const settings = poolSettings({ scheduler });
    expect(settings).toEqual({
      scheduler,
      size: availableParallelism(),
      minWorkers: 0,
      maxQueue: Number.POSITIVE_INFINITY,
      idleTimeoutMs: 5000,
      pipeline: 4,
      maxWindow: 4 * WINDOW_GROWTH,
      worker: {
        entry: WORKER_ENTRY,
        slots: 4 * WINDOW_GROWTH,
        pipeline: 4,
        name: '@sched/pool',
        resourceLimits: undefined,
        execArgv: undefined,
        env: undefined,
      },
    });
    expect(WINDOW_GROWTH).toBe(16);
  });

  it('without a scheduler uses the thread scheduler', () => {
    expect(poolSettings({}).scheduler).toBe(threadScheduler());
  });

  it('keeps every given value', () => {
    const limits = { maxOldGenerationSizeMb: 64 };
    const settings = poolSettings({
      scheduler,
      size: 3,
      minWorkers: 3,
      maxQueue: 0,
      idleTimeoutMs: 0,
      pipeline: 2,
      name: 'mine',
      resourceLimits: limits,
      execArgv: ['--x'],
      env: { A: '1' },
    });
    expect(settings).toMatchObject({
      size: 3,
      minWorkers: 3,
      maxQueue: 0,
      idleTimeoutMs: 0,
      pipeline: 2,
      maxWindow: 32,
    });
    expect(settings.worker).toEqual({
      entry: WORKER_ENTRY,
      slots: 32,
      pipeline: 2,
      name: 'mine',
      resourceLimits: limits,
      execArgv: ['--x'],
      env: { A: '1' },
    });
    expect(poolSettings({ scheduler, maxQueue: 7, idleTimeoutMs: Number.POSITIVE_INFINITY })).toMatchObject({
      maxQueue: 7,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
    });
  });

  it('pipeline 1 means a window of exactly one', () => {
    const settings = poolSettings({ scheduler, pipeline: 1 });
    expect([settings.maxWindow, settings.worker.slots]).toEqual([1, 1]);
  });

  it('rejects bad values with InvalidArgumentError naming the option', () => {
    expect(() => poolSettings({ scheduler, size: 0 })).toThrow(invalid('size'));
    expect(() => poolSettings({ scheduler, size: 1.5 })).toThrow(invalid('size'));
    expect(() => poolSettings({ scheduler, minWorkers: -1 })).toThrow(invalid('minWorkers'));
    expect(() => poolSettings({ scheduler, size: 2, minWorkers: 3 })).toThrow(invalid('minWorkers'));
    expect(() => poolSettings({ scheduler, size: 2, minWorkers: 3 })).toThrow(/at most size \(2\)/);
    expect(poolSettings({ scheduler, size: 2, minWorkers: 2 }).minWorkers).toBe(2);
    expect(() => poolSettings({ scheduler, maxQueue: -1 })).toThrow(invalid('maxQueue'));
    expect(() => poolSettings({ scheduler, maxQueue: 1.5 })).toThrow(invalid('maxQueue'));
    expect(() => poolSettings({ scheduler, pipeline: 0 })).toThrow(invalid('pipeline'));
    for (const bad of [-1, Number.NaN, '5' as unknown as number]) {
      expect(() => poolSettings({ scheduler, idleTimeoutMs: bad })).toThrow(invalid('idleTimeoutMs'));
    }
    expect(() => poolSettings({ scheduler, idleTimeoutMs: -1 })).toThrow(/a number of milliseconds >= 0, or Infinity/);
    expect(() => poolSettings({ scheduler, idleTimeoutMs: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('closeMode', () => {
  it('defaults to finish, keeps cancel, rejects anything else', () => {
    expect(closeMode({})).toBe('finish');
    expect(closeMode({ pending: 'finish' })).toBe('finish');
    expect(closeMode({ pending: 'cancel' })).toBe('cancel');
    expect(() => closeMode({ pending: 'drop' as never })).toThrow(invalid('pending'));
    expect(() => closeMode({ pending: 'drop' as never })).toThrow(/'finish' or 'cancel'/);
  });
});

describe('transfer lists', () => {
  it('a list without SharedArrayBuffer is returned as is', () => {
    const list = [new ArrayBuffer(1), new ArrayBuffer(2)];
    expect(transferList(list)).toBe(list);
    const empty: ArrayBuffer[] = [];
    expect(transferList(empty)).toBe(empty);
  });

  it('SharedArrayBuffers are dropped, the rest kept in order', () => {
    const a = new ArrayBuffer(1);
    const b = new ArrayBuffer(2);
    const list = [a, new SharedArrayBuffer(4), b, new SharedArrayBuffer(8)];
    const out = transferList(list);
    expect(out).not.toBe(list);
    expect(out).toEqual([a, b]);
    expect(out[0]).toBe(a);
    expect(out[1]).toBe(b);
  });

  it('withTransfer / isWithTransfer', () => {
    const buffer = new ArrayBuffer(1);
    const marked = withTransfer('v', [buffer]);
    expect(marked.value).toBe('v');
    expect(marked.transfer).toEqual([buffer]);
    expect(isWithTransfer(marked)).toBe(true);
    expect(isWithTransfer({ [Symbol.for('@sched/runtime-node/with-transfer')]: true, value: 1 })).toBe(true);
    expect(isWithTransfer({ [Symbol.for('@sched/runtime-node/with-transfer')]: 1 })).toBe(false);
    expect(isWithTransfer({ value: 1, transfer: [] })).toBe(false);
    expect(isWithTransfer(null)).toBe(false);
    expect(isWithTransfer(undefined)).toBe(false);
    expect(isWithTransfer('x')).toBe(false);
    expect(isWithTransfer(() => {})).toBe(false);
  });
});

describe('workerFunction and normalizeModule', () => {
  it('URLs, URL strings and absolute paths', () => {
    expect(normalizeModule(new URL('file:///a/b.mjs'))).toBe('file:///a/b.mjs');
    expect(normalizeModule('file:///a/../b.mjs')).toBe('file:///b.mjs');
    expect(normalizeModule('node:os')).toBe('node:os');
    expect(normalizeModule('data:text/javascript,1')).toBe('data:text/javascript,1');
    expect(normalizeModule('/a/b c.mjs')).toBe('file:///a/b%20c.mjs');
  });

  it('rejects relative paths, bare names, other schemes and non-strings', () => {
    for (const bad of ['./a.mjs', 'a.mjs', 'pkg', 'xfile:/a', 'http://x/a.mjs', ' file:///a']) {
      expect(() => normalizeModule(bad)).toThrow(invalid('module'));
    }
    expect(() => normalizeModule('a.mjs')).toThrow(/resolve relative paths with new URL/);
    expect(() => normalizeModule('')).toThrow('expected a URL or an absolute path.');
    expect(() => normalizeModule(3 as never)).toThrow(invalid('module'));
  });

  it('workerFunction: default export, frozen, checked export name', () => {
    const fn = workerFunction('/a.mjs');
    expect(fn).toEqual({ module: 'file:///a.mjs', exportName: 'default' });
    expect(Object.isFrozen(fn)).toBe(true);
    expect(workerFunction('/a.mjs', 'f').exportName).toBe('f');
    expect(() => workerFunction('/a.mjs', '')).toThrow(invalid('exportName'));
    expect(() => workerFunction('/a.mjs', '')).toThrow(/a non-empty string/);
    expect(() => workerFunction('/a.mjs', 5 as never)).toThrow(invalid('exportName'));
    expect(workerTask).toBe(workerFunction);
  });
});

describe('worker window', () => {
  it('windowFor: pipeline until measured, the budget after, clamped', () => {
    expect(WINDOW_BUDGET_MS).toBe(0.5);
    expect(windowFor(Number.NaN, 4, 64)).toBe(4);
    expect(windowFor(-1, 4, 64)).toBe(4);
    expect(windowFor(0, 4, 64)).toBe(64);
    expect(windowFor(0.5 / 10, 4, 64)).toBe(10);
    expect(windowFor(0.5 / 4, 4, 64)).toBe(4);
    expect(windowFor(0.5 / 5, 4, 64)).toBe(5);
    expect(windowFor(0.001, 4, 64)).toBe(64);
    expect(windowFor(1, 4, 64)).toBe(4);
    expect(windowFor(0.5 / 3, 2, 64)).toBe(3);
  });

  it('nextJobMs: the first sample, then the mean of the last two', () => {
    expect(nextJobMs(Number.NaN, 10, 4)).toBe(2.5);
    expect(nextJobMs(1, 10, 2)).toBe(3);
    expect(nextJobMs(0, 0, 1)).toBe(0);
  });
});

describe('monotonicClock and the worker entry', () => {
  it('monotonicClock reads performance.now(): a number, never going back', () => {
    const before = performance.now();
    const a = monotonicClock.now();
    const b = monotonicClock.now();
    const after = performance.now();
    expect(typeof a).toBe('number');
    expect(a).toBeGreaterThanOrEqual(before);
    expect(b).toBeGreaterThanOrEqual(a);
    expect(after).toBeGreaterThanOrEqual(b);
    expect(Object.isFrozen(monotonicClock)).toBe(true);
  });

  it('loaded from the sources, pool workers run the built entry under dist/', () => {
    expect(WORKER_ENTRY.href).toBe(new URL('../dist/worker/worker-entry.js', import.meta.url).href);
    expect(existsSync(fileURLToPath(WORKER_ENTRY))).toBe(true);
  });
});
