import { InvalidArgumentError } from '@sched/core';

/** The InvalidArgumentError `fn` throws, as `argument: message`; 'accepted' if it returns. Other errors are rethrown. */
export function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return `${error.argument}: ${error.message}`;
  }
  return 'accepted';
}
