import { reportError, setErrorReporter, type TaskInfo } from '@sched/core';
import { hostInfo } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { type ErrorSink, UnobservedErrorRouter } from '../../src/escapes/unobserved-error-router.js';

function sink(owned: readonly TaskInfo[]): ErrorSink & { readonly got: unknown[] } {
  const got: unknown[] = [];
  return { got, owns: (task) => owned.includes(task), report: (error) => got.push(error) };
}

describe('UnobservedErrorRouter', () => {
  it('sends each error to the sink that owns the task, else to the latest sink, and restores the reporter last', () => {
    const outside: unknown[] = [];
    const previous = setErrorReporter((error) => outside.push(error));
    try {
      const [ta, tb, stray] = [hostInfo('a'), hostInfo('b'), hostInfo('stray')];
      const a = sink([ta]);
      const b = sink([tb]);
      const stopA = UnobservedErrorRouter.install(a);
      const stopB = UnobservedErrorRouter.install(b);

      reportError('for a', ta);
      reportError('for b', tb);
      reportError('nobody', stray);
      stopA();
      reportError('after a stopped', ta);
      stopB();
      stopB();
      reportError('after both', tb);

      expect(a.got).toEqual(['for a']);
      expect(b.got).toEqual(['for b', 'nobody', 'after a stopped']);
      expect(outside).toEqual(['after both']);
    } finally {
      setErrorReporter(previous);
    }
  });
});
