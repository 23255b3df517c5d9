// Ratios between the rows of one group: subject vs each peer, subject vs each floor, and
// every row vs the best row. Pure functions over summaries, no I/O.

/**
 * @typedef {import('./stats.mjs').Summary} Summary
 * @typedef {'subject' | 'peer' | 'floor'} Role
 * @typedef {'lower' | 'higher'} Better
 *
 * @typedef {object} RowLike  the part of a result row the ratio math needs
 * @property {string} name
 * @property {Role} role
 * @property {string} unit     'ns' for timed rows, the metric's unit otherwise
 * @property {Better} better
 * @property {Summary} summary
 * @property {string} [set]    ratios are only drawn between rows of the same set (or both without)
 *
 * @typedef {object} Comparison
 * @property {true} comparable
 * @property {number} speedup     how many times better the subject is than the other row
 *                                (> 1: subject better; < 1: subject worse); median vs median
 * @property {number} lo          pessimistic speedup from the quartiles (subject p75 vs other p25)
 * @property {number} hi          optimistic speedup from the quartiles (subject p25 vs other p75)
 * @property {boolean} withinNoise the quartile range of the ratio contains 1
 *
 * @typedef {object} Incomparable
 * @property {false} comparable
 * @property {string} reason
 *
 * @typedef {Comparison & { subject: string, other: string, otherRole: Role, unit: string, better: Better }} Claim
 *
 * @typedef {object} Relative
 * @property {string} name
 * @property {string} best     name of the best row of the same unit
 * @property {number} factor   cost multiple vs the best row (1 for the best row itself, ≥ 1 otherwise)
 *
 * @typedef {object} Ratios
 * @property {Claim[]} claims        one per (subject, peer|floor) pair that is comparable
 * @property {string[]} notes        pairs that could not be compared, and why
 * @property {Relative[]} relative   every row vs the best row of its unit
 */

/**
 * How many times better `subject` is than `other`, honoring `better`.
 * @param {RowLike} subject
 * @param {RowLike} other
 * @returns {Comparison | Incomparable}
 */
export function compare(subject, other) {
  if (subject.unit !== other.unit || subject.better !== other.better) {
    return {
      comparable: false,
      reason: `different measures (${describe(subject)} vs ${describe(other)})`,
    };
  }
  const s = subject.summary;
  const o = other.summary;
  if (!(s.p25 > 0 && o.p25 > 0)) {
    return { comparable: false, reason: 'ratios need positive values' };
  }
  // For lower-is-better (time, bytes) the subject is better when its value is smaller.
  const lowerBetter = subject.better === 'lower';
  const speedup = lowerBetter ? o.median / s.median : s.median / o.median;
  const lo = lowerBetter ? o.p25 / s.p75 : s.p25 / o.p75;
  const hi = lowerBetter ? o.p75 / s.p25 : s.p75 / o.p25;
  return { comparable: true, speedup, lo, hi, withinNoise: lo <= 1 && hi >= 1 };
}

/**
 * @param {readonly RowLike[]} rows
 * @returns {Ratios}
 */
export function computeRatios(rows) {
  /** @type {Claim[]} */
  const claims = [];
  /** @type {string[]} */
  const notes = [];
  for (const subject of rows) {
    if (subject.role !== 'subject') continue;
    for (const other of rows) {
      if (other.role === 'subject' || other.set !== subject.set) continue;
      const c = compare(subject, other);
      if (c.comparable) {
        claims.push({
          subject: subject.name,
          other: other.name,
          otherRole: other.role,
          unit: subject.unit,
          better: subject.better,
          ...c,
        });
      } else {
        notes.push(`${subject.name} vs ${other.name}: not compared, ${c.reason}`);
      }
    }
  }
  return { claims, notes, relative: relativeToBest(rows) };
}

/**
 * Each row's cost multiple against the best row measured in the same unit, within its set.
 * @param {readonly RowLike[]} rows
 * @returns {Relative[]}
 */
export function relativeToBest(rows) {
  return rows.map((row) => {
    let best = row;
    for (const other of rows) {
      if (other.unit !== row.unit || other.better !== row.better || other.set !== row.set) continue;
      const better =
        row.better === 'lower'
          ? other.summary.median < best.summary.median
          : other.summary.median > best.summary.median;
      if (better) best = other;
    }
    const a = row.summary.median;
    const b = best.summary.median;
    let factor;
    if (best === row) factor = 1;
    else if (row.better === 'lower') factor = b > 0 ? a / b : Number.POSITIVE_INFINITY;
    else factor = a > 0 ? b / a : Number.POSITIVE_INFINITY;
    return { name: row.name, best: best.name, factor };
  });
}

/**
 * Cost multiple of the subject against a floor: the inverse of the speedup ("2.4× the floor").
 * @param {Comparison} c
 * @returns {{ factor: number, lo: number, hi: number }}
 */
export function floorMultiple(c) {
  return { factor: 1 / c.speedup, lo: 1 / c.hi, hi: 1 / c.lo };
}

/** @param {RowLike} row */
function describe(row) {
  return row.unit === 'ns' ? 'time' : `${row.unit}, ${row.better} is better`;
}
