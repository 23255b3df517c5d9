// Requests per second of a Cloudflare Worker in real workerd (`workerd serve` on a free
// 127.0.0.1 port): each request spawns 10 tasks and awaits them all, with @sched's
// withSessions + RequestSession.spawn against plain async functions + Promise.all, in the same
// workerd process. The load comes from this process over loopback, `concurrency` requests in
// flight, a bounded number per run.

import { serveWorker } from '../../../packages/runtime-workers/scripts/workerd.mjs';

const WORKER = new URL('../../../packages/runtime-workers/bench/requests-worker.mjs', import.meta.url).pathname;

/** @typedef {{ requests: number, concurrency: number, ops: number }} Params */
/** @typedef {{ ok: number }} Result */

/** @type {import('../../../packages/runtime-workers/scripts/workerd.mjs').ServedWorker | undefined} */
let served;

/**
 * Sends `p.requests` GETs to `path`, `p.concurrency` at a time; checks each body (n*10 + 45).
 * @param {string} path @param {Params} p @returns {Promise<Result>}
 */
async function load(path, p) {
  if (served === undefined) throw new Error('workerd is not running (setup did not run)');
  const base = `${served.url}${path}?n=`;
  let next = 0;
  let ok = 0;
  const client = async () => {
    while (next < p.requests) {
      const n = next++;
      const response = await fetch(base + n);
      const body = await response.text();
      if (response.status !== 200 || body !== String(n * 10 + 45)) {
        throw new Error(`request n=${n} to ${path}: ${response.status} ${body}`);
      }
      ok++;
    }
  };
  await Promise.all(Array.from({ length: p.concurrency }, client));
  return { ok };
}

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.ok !== p.requests) throw new Error(`expected ${p.requests} correct responses, got ${r.ok}`);
}

export const group = {
  name: 'workers-requests',
  description:
    'Requests per second of a Worker in real workerd (`workerd serve`, 127.0.0.1, free port): each request spawns 10 tasks that each yield once, and awaits them all. @sched: `withSessions` + `session.spawn` + `Promise.all` over the Tasks (session checked at the response); peer: 10 plain async functions + `Promise.all`, in the same workerd process. Load from the bench process over loopback with `fetch`, a bounded number of requests per run, `concurrency` in flight. ops = requests.',
  params: {
    full: { requests: 2_000, concurrency: 8, ops: 2_000 },
    smoke: { requests: 40, concurrency: 4, ops: 40 },
  },
  setup: async () => {
    served = await serveWorker(WORKER);
  },
  teardown: async () => {
    await served?.stop();
    served = undefined;
  },
  cases: [
    { name: '@sched/runtime-workers withSessions', role: 'subject', run: (p) => load('/sched', p), check },
    { name: 'plain promises', role: 'peer', run: (p) => load('/plain', p), check },
  ],
};
