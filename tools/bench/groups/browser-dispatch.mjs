// Main-thread dispatch in real headless Chromium (Debian's chromium, driven by playwright-core):
// @sched's BrowserScheduler vs React's `scheduler` package (unstable_scheduleCallback),
// scheduler.postTask one callback per task, and a raw MessageChannel ping-pong floor, all in the
// same page. Two workloads:
// - throughput: n trivial callbacks queued at once, in-page wall time → callbacks per second;
// - input delay: a long queue of callbacks doing `workMs` of work each; every `every`-th
//   callback posts an input-like event (a MessageChannel message), and the row reports the p50
//   or p99 delay until the page handled it.

import { openBenchPage } from '../lib/browser-page.mjs';

/** @typedef {{ n: number, ops: number, queue: number, workMs: number, every: number }} Params */

/** @type {Awaited<ReturnType<typeof openBenchPage>> | undefined} */
let browser;

const NAMES = [
  '@sched BrowserScheduler',
  '@sched BrowserScheduler (MessageChannel)',
  'React scheduler',
  'scheduler.postTask',
  'MessageChannel ping-pong',
];
/** @param {string} name */
const roleOf = (name) => (name.startsWith('@sched') ? 'subject' : name.startsWith('MessageChannel') ? 'floor' : 'peer');

/** @param {number[]} sorted @param {number} q */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** @param {string} name */
function throughputCase(name) {
  return {
    name: `${name}, ${'throughput'}`,
    role: roleOf(name),
    set: 'throughput',
    /** @param {Params} p */
    run: (p) => browser?.page.evaluate(([impl, n]) => globalThis.__bench.throughput(impl, n), [name, p.n]),
    /** @param {{ count: number, sum: number, ordered: boolean, ms: number }} r @param {Params} p */
    check: (r, p) => {
      if (r.count !== p.n) throw new Error(`expected ${p.n} callbacks, ran ${r.count}`);
      if (r.sum !== (p.n * (p.n - 1)) / 2) throw new Error(`callbacks ran with wrong indices (sum ${r.sum})`);
      if (!r.ordered) throw new Error('callbacks of one priority ran out of FIFO order');
    },
    /** @param {{ ms: number }} r @param {Params} p */
    metric: (r, p) => ({ value: p.n / (r.ms / 1000), unit: 'callbacks/s', better: 'higher' }),
  };
}

/** @param {string} name @param {number} q @param {string} label */
function inputCase(name, q, label) {
  return {
    name: `${name}, input ${label}`,
    role: roleOf(name),
    set: `input ${label}`,
    /** @param {Params} p */
    run: (p) =>
      browser?.page.evaluate(
        ([impl, queue, workMs, every]) => globalThis.__bench.inputDelay(impl, queue, workMs, every),
        [name, p.queue, p.workMs, p.every],
      ),
    /** @param {{ count: number, delays: number[] }} r @param {Params} p */
    check: (r, p) => {
      if (r.count !== p.queue) throw new Error(`expected ${p.queue} callbacks, ran ${r.count}`);
      if (r.delays.length !== Math.ceil(p.queue / p.every)) throw new Error(`lost input events: ${r.delays.length}`);
      if (!r.delays.every((ms) => Number.isFinite(ms) && ms >= 0)) throw new Error('a delay is not a number ≥ 0');
    },
    /** @param {{ delays: number[] }} r */
    metric: (r) => ({
      value: quantile(
        [...r.delays].sort((a, b) => a - b),
        q,
      ),
      unit: `ms input delay ${label}`,
      better: 'lower',
    }),
  };
}

export const group = {
  name: 'browser-dispatch',
  description:
    "Chromium main-thread dispatch: @sched's BrowserScheduler vs React's scheduler, scheduler.postTask and a MessageChannel ping-pong floor (callbacks/s for n callbacks; p50/p99 delay of an input-like event during a long queue)",
  params: {
    full: { n: 100_000, ops: 100_000, queue: 2_000, workMs: 0.05, every: 20 },
    smoke: { n: 500, ops: 500, queue: 40, workMs: 0.05, every: 10 },
  },
  samples: 10,
  warmup: 2,
  setup: async () => {
    browser = await openBenchPage('dispatch-page.mjs');
    const kind = await browser.page.evaluate(() => globalThis.__bench.dispatchKind);
    if (kind !== 'postTask') throw new Error(`expected the postTask dispatch in Chromium, got ${kind}`);
  },
  teardown: async () => {
    await browser?.close();
    browser = undefined;
  },
  cases: [
    ...NAMES.map(throughputCase),
    ...NAMES.map((name) => inputCase(name, 0.5, 'p50')),
    ...NAMES.map((name) => inputCase(name, 0.99, 'p99')),
  ],
};
