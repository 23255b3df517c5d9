// The docs/benchmarks.md section of a group, and replacing it between its markers.
// Pure functions, no I/O.

import { claimSentence, formatRatio } from './format.mjs';
import { buildTable, renderMarkdownTable } from './table.mjs';

/**
 * @typedef {import('./runner.mjs').GroupResult} GroupResult
 * @typedef {import('./env.mjs').MachineInfo} MachineInfo
 */

/** @param {string} name */
export const startMarker = (name) => `<!-- bench:${name}:start -->`;
/** @param {string} name */
export const endMarker = (name) => `<!-- bench:${name}:end -->`;

/**
 * @param {GroupResult} result  a successful full (non-smoke) run
 * @param {{ command: string, date: Date, machine: MachineInfo, gc: boolean }} meta
 * @returns {string} the section, markers included, no trailing newline
 */
export function renderSection(result, meta) {
  const m = meta.machine;
  const when = meta.date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const lines = [
    startMarker(result.name),
    `### ${result.name}`,
    '',
    result.description.trim(),
    '',
    `- command: \`${meta.command}\``,
    `- run: ${when} · Node ${m.node} · ${m.platform} · ${m.cpu} · ${m.cores} cores · load average ${m.loadavg.join(' / ')} at start`,
    `- params: \`${JSON.stringify(result.params)}\` · ${result.warmup} warm-up + ${result.samples} timed samples per case, cases interleaved round-robin${meta.gc ? ', gc before every run' : ''}; every result checked`,
    '',
    renderMarkdownTable(buildTable(result, { ratios: true })),
    '',
  ];
  const ratios = result.ratios;
  if (ratios && ratios.claims.length > 0) {
    for (const c of ratios.claims) lines.push(`- ${claimSentence(c)}`);
  } else if (ratios) {
    const ranked = [...ratios.relative].sort((a, b) => a.factor - b.factor);
    const best = ranked[0];
    if (best) {
      lines.push(`- no subject case: each row's ratio is its cost relative to the best row ("${best.name}")`);
      for (const r of ranked.slice(1)) lines.push(`- "${r.name}" costs ${formatRatio(r.factor)} "${r.best}"`);
    }
  }
  for (const note of ratios?.notes ?? []) lines.push(`- ${note}`);
  lines.push(endMarker(result.name));
  return lines.join('\n');
}

/**
 * Replace the group's section (markers inclusive) in a document, or append it at the end.
 * @param {string} doc
 * @param {string} name
 * @param {string} section  as returned by renderSection
 * @returns {string}
 */
export function replaceSection(doc, name, section) {
  const start = startMarker(name);
  const end = endMarker(name);
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i === -1 && j === -1) {
    const body = doc.replace(/\s*$/, '');
    return `${body}${body === '' ? '' : '\n\n'}${section}\n`;
  }
  if (i === -1 || j === -1 || j < i) {
    throw new Error(`docs/benchmarks.md has a broken section for "${name}": expected ${start} before ${end}`);
  }
  if (doc.indexOf(start, i + 1) !== -1) {
    throw new Error(`docs/benchmarks.md has ${start} more than once`);
  }
  return doc.slice(0, i) + section + doc.slice(j + end.length);
}
