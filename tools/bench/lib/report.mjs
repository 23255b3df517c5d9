// Console report of one group's result. Pure functions, no I/O.

import { claimSentence, formatRatio } from './format.mjs';
import { buildTable, renderText } from './table.mjs';

/** @typedef {import('./runner.mjs').GroupResult} GroupResult */

/**
 * @param {GroupResult} result
 * @returns {string}
 */
export function renderReport(result) {
  const smoke = result.mode === 'smoke';
  const head = [
    `== ${result.name}${smoke ? ' (smoke)' : ''}: ${firstLine(result.description)}`,
    `   params ${JSON.stringify(result.params)} · ${result.warmup} warm-up + ${result.samples} samples per case, interleaved · ${(result.durationMs / 1000).toFixed(1)} s`,
  ];
  if (!result.ok) {
    const f = result.failure;
    return [...head, `   FAILED: ${f ? f.message : 'unknown failure'}`].join('\n');
  }
  const out = [...head, '', indent(renderText(buildTable(result, { ratios: !smoke })))];
  if (smoke) {
    out.push('', '   smoke pass: every result checked; timings from tiny params, no ratio claims');
    return out.join('\n');
  }
  const ratios = result.ratios;
  if (ratios && ratios.claims.length > 0) {
    out.push('', '   ratios (median vs median, quartile range in brackets):');
    for (const c of ratios.claims) out.push(`   - ${claimSentence(c)}`);
  } else if (ratios) {
    const ranked = [...ratios.relative].sort((a, b) => a.factor - b.factor);
    if (ranked.length > 1) {
      out.push('', `   no subject case; cost relative to the best row ("${ranked[0]?.name}"):`);
      for (const r of ranked.slice(1)) out.push(`   - "${r.name}" costs ${formatRatio(r.factor)} "${r.best}"`);
    }
  }
  for (const note of ratios?.notes ?? []) out.push(`   - ${note}`);
  return out.join('\n');
}

/** @param {string} text */
function indent(text) {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

/** @param {string} text */
function firstLine(text) {
  return text.trim().split('\n')[0] ?? '';
}
