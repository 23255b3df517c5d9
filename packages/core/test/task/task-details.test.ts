import { afterEach, describe, expect, it } from 'vitest';
import { Completion } from '../../src/host.js';
import { Session, spawn, type Task } from '../../src/index.js';
import { captureReports } from '../support/reporter.js';
import { TestHost } from '../support/test-host.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('Task details', () => {
  it('a body returning null or a plain object (not a thenable) succeeds with it', async () => {
    const host = new TestHost();
    const plain = { then: 'not a function' };
    const nothing = spawn(host, () => null);
    const object = spawn(host, () => plain);

    await host.runAll();

    expect(nothing.state).toBe('succeeded');
    expect(await nothing).toBeNull();
    expect(object.state).toBe('succeeded');
    expect(await (object as Task<unknown>).fallible()).toBe(plain);
  });

  it('a task registered with waitUntil before it fails has its failure reported', async () => {
    const capture = captureReports();
    restore = capture.restore;
    const host = new TestHost();
    const session = new Session('request');
    const error = new Error('background write failed');
    const task = spawn(host, async () => {
      throw error;
    });

    session.waitUntil(task);
    await host.runAll();

    expect(task.handling).toBe('registered');
    expect(capture.reports.map((r) => r.error)).toEqual([error]);
  });

  it('adopting a detached task keeps it detached (adoption observes only unobserved tasks)', async () => {
    const capture = captureReports();
    restore = capture.restore;
    const host = new TestHost();
    const task = spawn(host, async () => 1);
    task.detach();
    const target = new Completion<number>(host);

    target.adopt(task);
    await host.runAll();

    expect(task.handling).toBe('detached');
    expect(await target).toBe(1);
  });
});
