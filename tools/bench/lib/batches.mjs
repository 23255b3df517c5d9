// N units of work started `batch` at a time and awaited in order, with the check every such
// group applies: n results, summing to 0 + 1 + … + (n − 1). Shared by node-dispatch(-seq) and
// compat-gpui-spawn.

/** @typedef {{ n: number, batch: number }} Params */
/** @typedef {{ count: number, sum: number }} Result */

/**
 * Runs `start(i)` for i in [0, n), `batch` at a time, awaiting each batch in order.
 * @param {Params} p
 * @param {(i: number) => PromiseLike<number>} start
 * @returns {Promise<Result>}
 */
export async function inBatches(p, start) {
  const pending = new Array(p.batch);
  let count = 0;
  let sum = 0;
  for (let base = 0; base < p.n; base += p.batch) {
    const size = Math.min(p.batch, p.n - base);
    for (let j = 0; j < size; j++) pending[j] = start(base + j);
    for (let j = 0; j < size; j++) {
      sum += await pending[j];
      pending[j] = undefined;
      count++;
    }
  }
  return { count, sum };
}

/** @param {Result} result @param {Params} p */
export function check(result, p) {
  if (result.count !== p.n) throw new Error(`expected ${p.n} results, got ${result.count}`);
  const want = (p.n * (p.n - 1)) / 2;
  if (result.sum !== want) throw new Error(`expected the results to sum to ${want}, got ${result.sum}`);
}
