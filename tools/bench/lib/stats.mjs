// Descriptive statistics over benchmark samples. Pure functions, no I/O.

/**
 * @typedef {object} Summary
 * @property {number} n       number of samples
 * @property {number} min
 * @property {number} p25     first quartile
 * @property {number} median
 * @property {number} p75     third quartile
 * @property {number} max
 * @property {number} mean
 * @property {number} mad     median absolute deviation from the median
 * @property {number} rmad    mad / median (0 when the median is 0)
 */

/**
 * Quantile of an ascending-sorted array, linear interpolation between closest ranks
 * (the "type 7" definition used by R and NumPy by default).
 * @param {readonly number[]} sorted ascending
 * @param {number} q in [0, 1]
 * @returns {number}
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = /** @type {number} */ (sorted[lo]);
  const b = /** @type {number} */ (sorted[hi]);
  return a + (b - a) * (pos - lo);
}

/**
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  return quantile([...values].sort(ascending), 0.5);
}

/**
 * @param {readonly number[]} values at least one finite number
 * @returns {Summary}
 */
export function summarize(values) {
  if (values.length === 0) throw new RangeError('cannot summarize an empty sample');
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`sample values must be finite numbers, got ${String(v)}`);
    }
  }
  const sorted = [...values].sort(ascending);
  const med = quantile(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - med)).sort(ascending);
  const mad = quantile(deviations, 0.5);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    min: /** @type {number} */ (sorted[0]),
    p25: quantile(sorted, 0.25),
    median: med,
    p75: quantile(sorted, 0.75),
    max: /** @type {number} */ (sorted[sorted.length - 1]),
    mean: sum / sorted.length,
    mad,
    rmad: med === 0 ? 0 : mad / Math.abs(med),
  };
}

/**
 * @param {number} a
 * @param {number} b
 */
function ascending(a, b) {
  return a - b;
}
