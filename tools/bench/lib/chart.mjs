// The "ratios against targets" chart of docs/benchmarks.md: the claims each group wrote into its
// section (`pnpm bench <group> --write`) are parsed back, matched with the targets below and
// drawn as one SVG bar per target. Pure functions; tools/bench/chart.mjs does the I/O.

/**
 * One ratio claim of a group section, normalised: `speedup` = how many times better the subject
 * is than the other row (a "1.5× slower" claim is a speedup of 1/1.5); `floor` = the subject's
 * cost as a multiple of a floor row.
 * @typedef {{ group: string, subject: string, other: string, kind: 'speedup' | 'floor', value: number }} Claim
 */

/**
 * A target: the claim of `group` whose subject is `subject` and whose other row starts with
 * `other`, held to `atLeast` (a speedup) or `atMost` (a floor multiple).
 * @typedef {{ label: string, group: string, subject: string, other: string, kind: 'speedup' | 'floor', target: number }} Target
 */

/**
 * @typedef {{ target: Target, claim: Claim | undefined, score: number | undefined, met: boolean }} ChartRow
 */

const NUMBER = '([0-9][0-9.,]*)×';
const PATTERNS = [
  { re: new RegExp(`^- (.+) is ${NUMBER} faster than (.+?)(?: \\(quartile.*)?$`), kind: 'speedup', invert: false },
  { re: new RegExp(`^- (.+) is ${NUMBER} slower than (.+?)(?: \\(quartile.*)?$`), kind: 'speedup', invert: true },
  {
    re: new RegExp(`^- (.+) is ${NUMBER} better than (.+?) on .*$`),
    kind: 'speedup',
    invert: false,
  },
  { re: new RegExp(`^- (.+) is ${NUMBER} worse than (.+?) on .*$`), kind: 'speedup', invert: true },
  { re: new RegExp(`^- (.+) costs ${NUMBER} the floor "(.+?)"`), kind: 'floor', invert: false },
  { re: new RegExp(`^- (.+) is at ${NUMBER} the floor "(.+?)"`), kind: 'floor', invert: false },
];

/**
 * Every ratio claim of every group section in a benchmarks document.
 * @param {string} markdown
 * @returns {Claim[]}
 */
export function parseClaims(markdown) {
  /** @type {Claim[]} */
  const claims = [];
  let group;
  for (const line of markdown.split('\n')) {
    const start = /^<!-- bench:(.+):start -->$/.exec(line);
    if (start) {
      group = start[1];
      continue;
    }
    if (/^<!-- bench:.+:end -->$/.test(line)) {
      group = undefined;
      continue;
    }
    if (group === undefined) continue;
    for (const { re, kind, invert } of PATTERNS) {
      const m = re.exec(line);
      if (!m) continue;
      const raw = Number((m[2] ?? '').replace(/,/g, ''));
      if (!(raw > 0)) break;
      claims.push({
        group,
        subject: /** @type {string} */ (m[1]),
        other: /** @type {string} */ (m[3]),
        kind: /** @type {'speedup' | 'floor'} */ (kind),
        value: invert ? 1 / raw : raw,
      });
      break;
    }
  }
  return claims;
}

/**
 * Matches each target with its claim. Score: how far the figure is from its target, as a
 * factor (≥ 1 = met): speedup / target, or target / floor multiple.
 * @param {readonly Target[]} targets
 * @param {readonly Claim[]} claims
 * @returns {ChartRow[]}
 */
export function scoreTargets(targets, claims) {
  return targets.map((target) => {
    const claim = claims.find(
      (c) =>
        c.group === target.group &&
        c.kind === target.kind &&
        c.subject === target.subject &&
        c.other.startsWith(target.other),
    );
    if (claim === undefined) return { target, claim, score: undefined, met: false };
    const score = target.kind === 'speedup' ? claim.value / target.target : target.target / claim.value;
    return { target, claim, score, met: score >= 1 };
  });
}

/** @param {number} x */
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/**
 * The figure and its target in words, e.g. "7.69× faster · target ≥ 20×".
 * @param {ChartRow} row
 */
export function describeRow(row) {
  const { target, claim } = row;
  const t = Number.isInteger(target.target) ? String(target.target) : fmt(target.target);
  const goal = target.kind === 'speedup' ? `target ≥ ${t}× faster` : `target ≤ ${t}× the floor`;
  if (claim === undefined) return `no figure in docs/benchmarks.md · ${goal}`;
  const figure =
    claim.kind === 'floor'
      ? `${fmt(claim.value)}× the floor`
      : claim.value >= 1
        ? `${fmt(claim.value)}× faster`
        : `${fmt(1 / claim.value)}× slower`;
  return `${figure} · ${goal}`;
}

/** @param {string} s */
const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One horizontal bar per target on a log scale of score (1 = the target, drawn as a line).
 * @param {readonly ChartRow[]} rows
 * @param {{ title: string, subtitle: string }} text
 * @returns {string}
 */
export function renderChart(rows, text) {
  const width = 1100;
  const labelWidth = 350;
  const x0 = labelWidth + 10;
  const x1 = width - 290;
  const top = 70;
  const rowHeight = 24;
  const height = top + rows.length * rowHeight + 50;
  const min = Math.log10(1 / 50);
  const max = Math.log10(5);
  const xOf = (/** @type {number} */ score) => {
    const l = Math.min(max, Math.max(min, Math.log10(score)));
    return x0 + ((l - min) / (max - min)) * (x1 - x0);
  };
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(text.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escapeXml(text.title)}</text>`,
    `<text x="10" y="42" fill="#555555">${escapeXml(text.subtitle)}</text>`,
  );
  for (const tick of [1 / 50, 1 / 20, 1 / 10, 1 / 5, 1 / 2, 1, 2, 5]) {
    const x = xOf(tick).toFixed(1);
    const label = tick >= 1 ? `${tick}×` : `1/${Math.round(1 / tick)}`;
    out.push(
      `<line x1="${x}" y1="${top - 8}" x2="${x}" y2="${top + rows.length * rowHeight}" stroke="${tick === 1 ? '#222222' : '#dddddd'}" stroke-width="${tick === 1 ? 2 : 1}"/>`,
      `<text x="${x}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#555555">${label}</text>`,
    );
  }
  out.push(
    `<text x="${xOf(1).toFixed(1)}" y="${top - 12}" text-anchor="middle" font-weight="bold">target</text>`,
    `<text x="${x0}" y="${top + rows.length * rowHeight + 34}" fill="#555555">figure ÷ target (log scale): right of the line = target met</text>`,
  );
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    out.push(`<text x="${labelWidth}" y="${y + 15}" text-anchor="end">${escapeXml(row.target.label)}</text>`);
    if (row.score === undefined) {
      out.push(`<text x="${x0 + 4}" y="${y + 15}" fill="#888888">${escapeXml(describeRow(row))}</text>`);
      return;
    }
    const xEnd = xOf(row.score);
    const color = row.met ? '#2e8b57' : '#c0392b';
    out.push(
      `<rect x="${x0}" y="${y + 4}" width="${Math.max(1, xEnd - x0).toFixed(1)}" height="${rowHeight - 8}" fill="${color}" opacity="0.85"/>`,
      `<text x="${x1 + 8}" y="${y + 15}" fill="${color}">${escapeXml(describeRow(row))}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
