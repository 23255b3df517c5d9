// The result table of one group as plain cells, shared by the console and markdown renderers.
// Pure functions, no I/O.

import { claimShort, formatDuration, formatPercent, formatRate, formatRatio, formatValue } from './format.mjs';

/**
 * @typedef {import('./runner.mjs').GroupResult} GroupResult
 *
 * @typedef {object} Table
 * @property {string[]} headers
 * @property {('left' | 'right')[]} align
 * @property {string[][]} rows
 */

/**
 * @param {GroupResult} result
 * @param {{ ratios: boolean }} options  ratios: include the ratio column (off in smoke runs)
 * @returns {Table}
 */
export function buildTable(result, options) {
  const rows = result.rows;
  const withOps = rows.some((r) => r.kind === 'time' && r.ops !== undefined);
  const subject = rows.find((r) => r.role === 'subject');
  // A group of several sets (scenarios side by side) compares each row with the first subject
  // of its own set; the claims below the table cover every subject.
  const sets = rows.some((r) => r.set !== undefined);
  /** @param {(typeof rows)[number]} row */
  const subjectOf = (row) => (sets ? rows.find((r) => r.role === 'subject' && r.set === row.set) : subject);
  const ratios = options.ratios ? result.ratios : undefined;

  /** @type {string[]} */
  const headers = ['case', 'role', 'median', 'p25–p75', '±MAD'];
  /** @type {('left' | 'right')[]} */
  const align = ['left', 'left', 'right', 'right', 'right'];
  if (withOps) {
    headers.push('per op', 'ops/s');
    align.push('right', 'right');
  }
  if (ratios) {
    headers.push(!subject ? 'vs best' : sets ? 'first subject of its set vs row' : `${subject.name} vs row`);
    align.push('left');
  }

  const cells = rows.map((row) => {
    const s = row.summary;
    const line = [
      row.name,
      row.role,
      formatValue(row, s.median),
      `${formatValue(row, s.p25)} – ${formatValue(row, s.p75)}`,
      formatPercent(s.rmad),
    ];
    if (withOps) {
      if (row.kind === 'time' && row.ops !== undefined && row.ops > 0) {
        line.push(formatDuration(s.median / row.ops), formatRate(row.ops / (s.median / 1e9)));
      } else {
        line.push('—', '—');
      }
    }
    if (ratios) {
      const own = subjectOf(row);
      if (subject) {
        if (row.role === 'subject') line.push(row === own ? '(subject)' : '—');
        else if (!own) line.push('no subject in its set');
        else {
          const claim = ratios.claims.find((c) => c.subject === own.name && c.other === row.name);
          line.push(claim ? claimShort(claim) : 'not comparable');
        }
      } else {
        const rel = ratios.relative.find((r) => r.name === row.name);
        line.push(!rel ? '—' : rel.best === row.name ? 'best' : formatRatio(rel.factor));
      }
    }
    return line;
  });
  return { headers, align, rows: cells };
}

/**
 * Fixed-width text rendering for the console.
 * @param {Table} table
 * @returns {string}
 */
export function renderText(table) {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return table.align[i] === 'right' ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

/**
 * GitHub-flavoured markdown rendering.
 * @param {Table} table
 * @returns {string}
 */
export function renderMarkdownTable(table) {
  /** @param {string} c */
  const esc = (c) => c.replace(/\|/g, '\\|');
  const head = `| ${table.headers.map(esc).join(' | ')} |`;
  const sep = `|${table.align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  const body = table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}
