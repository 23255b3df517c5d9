// Human-readable numbers and ratio sentences. Pure functions, no I/O.

import { floorMultiple } from './ratios.mjs';

/**
 * @typedef {import('./ratios.mjs').Claim} Claim
 */

/**
 * Three significant digits, no exponent for ordinary magnitudes.
 * @param {number} x
 * @returns {string}
 */
export function sig3(x) {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
  return x.toFixed(Math.min(digits, 6));
}

/**
 * @param {number} ns nanoseconds
 * @returns {string}
 */
export function formatDuration(ns) {
  if (!Number.isFinite(ns)) return String(ns);
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${sig3(ns)} ns`;
  if (abs < 1e6) return `${sig3(ns / 1e3)} µs`;
  if (abs < 1e9) return `${sig3(ns / 1e6)} ms`;
  return `${sig3(ns / 1e9)} s`;
}

/**
 * Operations per second with an SI suffix: "16.6 M/s".
 * @param {number} perSecond
 * @returns {string}
 */
export function formatRate(perSecond) {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  const abs = Math.abs(perSecond);
  if (abs >= 1e9) return `${sig3(perSecond / 1e9)} G/s`;
  if (abs >= 1e6) return `${sig3(perSecond / 1e6)} M/s`;
  if (abs >= 1e3) return `${sig3(perSecond / 1e3)} k/s`;
  return `${sig3(perSecond)} /s`;
}

/**
 * @param {number} r
 * @returns {string}
 */
export function formatRatio(r) {
  if (!Number.isFinite(r)) return `${String(r)}×`;
  if (r >= 100) return `${Math.round(r)}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

/**
 * @param {number} fraction e.g. 0.012
 * @returns {string}
 */
export function formatPercent(fraction) {
  const pct = fraction * 100;
  if (pct < 10) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/**
 * A value in a row's own unit: durations for timed rows, "value unit" for metrics.
 * @param {{ unit: string }} row
 * @param {number} value
 * @returns {string}
 */
export function formatValue(row, value) {
  return row.unit === 'ns' ? formatDuration(value) : `${sig3(value)} ${row.unit}`;
}

/**
 * Range of a ratio, both ends formatted: "2.90–3.31×".
 * @param {number} lo
 * @param {number} hi
 */
function ratioRange(lo, hi) {
  return `${formatRatio(lo).slice(0, -1)}–${formatRatio(hi)}`;
}

/**
 * "3.10× faster" / "1.25× slower" / "2.40× the floor", from the subject's point of view;
 * the short form used in the tables' ratio column.
 * @param {Claim} claim
 * @returns {string}
 */
export function claimShort(claim) {
  const noise = claim.withinNoise ? ' (noise)' : '';
  if (claim.otherRole === 'floor') {
    return `${formatRatio(floorMultiple(claim).factor)} the floor${noise}`;
  }
  const [up, down] = claim.unit === 'ns' ? ['faster', 'slower'] : ['better', 'worse'];
  if (claim.speedup >= 1) return `${formatRatio(claim.speedup)} ${up}${noise}`;
  return `${formatRatio(1 / claim.speedup)} ${down}${noise}`;
}

/**
 * A full sentence for one claim, e.g.
 * "@sched is 3.10× faster than p-queue (quartile range 2.90–3.31×)".
 * @param {Claim} claim
 * @returns {string}
 */
export function claimSentence(claim) {
  const noise = claim.withinNoise ? '; within noise, the quartile ranges overlap' : '';
  const measure = claim.unit === 'ns' ? '' : ` on ${claim.unit} (${claim.better} is better)`;
  if (claim.otherRole === 'floor') {
    const m = floorMultiple(claim);
    const verb = claim.unit === 'ns' ? 'costs' : 'is at';
    return `${claim.subject} ${verb} ${formatRatio(m.factor)} the floor "${claim.other}"${measure} (quartile range ${ratioRange(m.lo, m.hi)}${noise})`;
  }
  const [up, down] = claim.unit === 'ns' ? ['faster', 'slower'] : ['better', 'worse'];
  if (claim.speedup >= 1) {
    return `${claim.subject} is ${formatRatio(claim.speedup)} ${up} than ${claim.other}${measure} (quartile range ${ratioRange(claim.lo, claim.hi)}${noise})`;
  }
  return `${claim.subject} is ${formatRatio(1 / claim.speedup)} ${down} than ${claim.other}${measure} (quartile range ${ratioRange(1 / claim.hi, 1 / claim.lo)}${noise})`;
}
