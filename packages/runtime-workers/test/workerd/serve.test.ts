// The session worker served by `workerd serve` on a free 127.0.0.1 port, driven with real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedWorker, serveWorker } from './harness.js';

describe('workerd serve on loopback', () => {
  let worker: ServedWorker;

  beforeAll(async () => {
    worker = await serveWorker('session-worker.mjs');
  });

  afterAll(async () => {
    await worker?.stop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(worker.url).hostname).toBe('127.0.0.1');
  });

  it('answers a request whose tasks are awaited, with no floating header', async () => {
    const response = await fetch(`${worker.url}/spawn`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('60');
    expect(response.headers.get('x-sched-floating')).toBeNull();
  });

  it('names a floating task in the development header', async () => {
    const response = await fetch(`${worker.url}/floating`);
    expect(await response.text()).toBe('forgot the audit');
    expect(response.headers.get('x-sched-floating')).toMatch(
      /^1 floating: task #\d+ "lost audit" spawned at \/bundle\/test\/session-worker\.mjs:\d+:\d+$/,
    );
  });

  it('runs priorities in order across concurrent requests', async () => {
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async () => (await fetch(`${worker.url}/priorities`)).text()),
    );
    expect(new Set(bodies)).toEqual(new Set(['user-blocking#2,normal#1,normal#3,background#0']));
  });

  it('returns 202 before waitUntil work, and the worker keeps serving', async () => {
    const accepted = await fetch(`${worker.url}/wait-until`);
    expect(accepted.status).toBe(202);
    const timers = (await (await fetch(`${worker.url}/timers`)).json()) as { outcome: string; waited: number };
    expect(timers.outcome).toBe('ERR_TIMER_CANCELLED');
    expect(timers.waited).toBeGreaterThanOrEqual(25);
  });
});
