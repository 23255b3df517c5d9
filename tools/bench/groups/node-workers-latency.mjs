// Worker offload round trip: one trivial task at a time, from submit to result on the main
// thread. Ranked by the median (p50) round trip. Same pools as node-workers.

import { POOL_SIZE, poolCases, rawWorkerFloor } from './node-workers.mjs';

/** @typedef {{ n: number }} Params */
/** @typedef {{ count: number, latenciesUs: number[] }} Result */

/**
 * n sequential round trips; each latency in microseconds.
 * @param {Params} p @param {(i: number) => PromiseLike<number>} submit
 * @returns {Promise<Result>}
 */
async function roundTrips(p, submit) {
  const latenciesUs = new Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const start = process.hrtime.bigint();
    const value = await submit(i);
    latenciesUs[i] = Number(process.hrtime.bigint() - start) / 1000;
    if (value !== i + 1) throw new Error(`inc(${i}) returned ${value}`);
  }
  return { count: p.n, latenciesUs };
}

/** @param {Result} r @param {Params} p */
function check(r, p) {
  if (r.count !== p.n || r.latenciesUs.length !== p.n) throw new Error(`expected ${p.n} round trips, got ${r.count}`);
  if (!r.latenciesUs.every((us) => Number.isFinite(us) && us > 0))
    throw new Error('a latency is not a positive number');
}

/** @param {Result} r */
function p50(r) {
  const sorted = [...r.latenciesUs].sort((a, b) => a - b);
  return { value: sorted[sorted.length >> 1], unit: 'µs p50', better: 'lower' };
}

const cases = poolCases(roundTrips, check, p50);

export const group = {
  name: 'node-workers-latency',
  description: `Worker round trip: N trivial tasks one after another (each awaited before the next is submitted); the metric is the median round trip of a run, in µs (submit → result on the main thread). Pool size ${POOL_SIZE}, workers warm. Floor: the same call as a raw MessagePort round trip to one bare worker (postMessage there and back, no pool).`,
  params: {
    full: { n: 2_000 },
    smoke: { n: 50 },
  },
  cases: [
    cases.sched(),
    cases.piscina(),
    cases.tinypool(),
    rawWorkerFloor('raw MessagePort round trip (1 bare worker, postMessage)', 1, roundTrips, check, p50),
  ],
};
