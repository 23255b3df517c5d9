// Runs inside a Chromium page (bundled by esbuild, see lib/browser-page.mjs): the
// browser-dispatch workloads for @sched's BrowserScheduler, React's `scheduler`, scheduler.postTask
// and a raw MessageChannel ping-pong. Every implementation runs the same callbacks.

import { CallRunnable, hostInfo } from '@sched/core/host';
import { BrowserScheduler } from '@sched/runtime-browser';
import { unstable_NormalPriority, unstable_scheduleCallback } from 'scheduler';

const INFO = hostInfo('bench');
const sched = new BrowserScheduler();
// The Safari path, measured in Chromium: the same scheduler on MessageChannel turns.
const schedMessageChannel = new BrowserScheduler({ dispatch: 'MessageChannel' });

/** @param {BrowserScheduler} scheduler */
const viaSched = (scheduler) => (n, callback) =>
  new Promise((resolve) => {
    for (let i = 0; i < n; i++) {
      scheduler.dispatchForeground(
        new CallRunnable(INFO, () => {
          callback(i);
          if (i === n - 1) resolve();
        }),
      );
    }
  });

/**
 * Each implementation: `schedule(n, callback)` queues callbacks 0..n-1 (run in order) and returns
 * a promise that resolves once all of them ran.
 * @type {Record<string, (n: number, callback: (i: number) => void) => Promise<void>>}
 */
const impls = {
  '@sched BrowserScheduler': viaSched(sched),
  '@sched BrowserScheduler (MessageChannel)': viaSched(schedMessageChannel),
  'React scheduler': (n, callback) =>
    new Promise((resolve) => {
      for (let i = 0; i < n; i++) {
        unstable_scheduleCallback(unstable_NormalPriority, () => {
          callback(i);
          if (i === n - 1) resolve();
        });
      }
    }),
  'scheduler.postTask': (n, callback) => {
    const native = /** @type {any} */ (globalThis).scheduler;
    let last;
    for (let i = 0; i < n; i++) last = native.postTask(() => callback(i), { priority: 'user-visible' });
    return last.then(() => undefined);
  },
  'MessageChannel ping-pong': (n, callback) =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      let i = 0;
      channel.port1.onmessage = () => {
        callback(i);
        if (++i < n) channel.port2.postMessage(null);
        else {
          channel.port1.close();
          resolve();
        }
      };
      channel.port2.postMessage(null);
    }),
};

/** 1e5 (or `n`) trivial callbacks; returns what ran and the in-page wall time. */
async function throughput(name, n) {
  let count = 0;
  let sum = 0;
  let ordered = true;
  const start = performance.now();
  await impls[name](n, (i) => {
    if (i !== count) ordered = false;
    count++;
    sum += i;
  });
  return { count, sum, ordered, ms: performance.now() - start };
}

function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // work
  }
}

/**
 * A long queue of `n` callbacks of `workMs` each; every `every`-th callback injects an input-like
 * event (a message on another MessageChannel, stamped with the time it was posted). Returns each
 * event's delay until its handler ran, in ms.
 */
async function inputDelay(name, n, workMs, every) {
  const delays = [];
  const input = new MessageChannel();
  input.port1.onmessage = (event) => delays.push(performance.now() - event.data);
  let count = 0;
  await impls[name](n, (i) => {
    busy(workMs);
    count++;
    if (i % every === 0) input.port2.postMessage(performance.now());
  });
  // Let the last events arrive.
  const expected = Math.ceil(n / every);
  while (delays.length < expected) await new Promise((resolve) => setTimeout(resolve, 1));
  input.port1.close();
  return { count, delays };
}

globalThis.__bench = { throughput, inputDelay, names: Object.keys(impls), dispatchKind: sched.dispatchKind };
