import type { ErrorReporter, TaskInfo } from '../../src/index.js';
import { setErrorReporter } from '../../src/index.js';

export interface Report {
  readonly error: unknown;
  readonly task: TaskInfo;
}

/**
 * Installs a recording error reporter; call `restore()` (e.g. in afterEach) to put the previous
 * one back.
 */
export function captureReports(): { readonly reports: Report[]; restore(): void } {
  const reports: Report[] = [];
  const previous: ErrorReporter = setErrorReporter((error, task) => {
    reports.push({ error, task });
  });
  return {
    reports,
    restore: () => {
      setErrorReporter(previous);
    },
  };
}
