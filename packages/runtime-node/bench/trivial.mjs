// The worker module of the `node-workers` benchmark group (tools/bench/groups/node-workers.mjs):
// the same trivial function for @sched's WorkerPool, piscina and tinypool.

/** @param {number} x */
export function inc(x) {
  return x + 1;
}

export default inc;
