#!/usr/bin/env node
// Turns vitest's JSON report (.vitest-results.json) into the one-line summary CI reads:
//   N passed, N failed[, N skipped]
//
// Usage: node scripts/vitest-summary.mjs [--exit-code <status of the test command>]
// Exits with the given status (0 if none), or 1 if the report is missing.
//
// A failure outside the test cases (a step before vitest, a test file that does not load, the
// bench smoke run) must not read as "0 failed", so when the test command failed but the report
// counts no failed test, one failure is reported for it.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = fileURLToPath(new URL('../.vitest-results.json', import.meta.url));

/**
 * Computes the summary line from the JSON report and the test command's status.
 * @param {number} status exit status of the test command (0 = success)
 * @returns {{ line: string, status: number }}
 */
export function summarize(status) {
  if (!existsSync(RESULTS_FILE)) return { line: '0 passed, 1 failed', status: status === 0 ? 1 : status };
  let report;
  try {
    report = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    return { line: '0 passed, 1 failed', status: status === 0 ? 1 : status };
  }
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (status !== 0 && failed === 0) failed = 1;
  const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  return { line, status: failed > 0 && status === 0 ? 1 : status };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--exit-code');
  const status = flag === -1 ? 0 : Number(process.argv[flag + 1] ?? 1);
  const summary = summarize(Number.isInteger(status) ? status : 1);
  console.log(summary.line);
  process.exit(summary.status);
}
