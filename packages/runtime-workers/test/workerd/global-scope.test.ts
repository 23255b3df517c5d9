// Global-scope misuse in real workerd: the typed GlobalScopeError instead of workerd's generic one.
import { beforeAll, describe, expect, it } from 'vitest';
import { runWorkerdTests, type WorkerdTestRun } from './harness.js';

const ENTRYPOINTS = [
  'spawnAtGlobalScopeIsTyped',
  'timerAtGlobalScopeIsTyped',
  'dispatchAfterAtGlobalScopeIsTyped',
  'nowAtGlobalScopeIsTyped',
  'workerdItselfForbidsTimersThere',
  'theSameSchedulerWorksInAHandler',
];

describe('global scope in workerd', () => {
  let run: WorkerdTestRun;

  beforeAll(async () => {
    run = await runWorkerdTests('global-scope-worker.mjs');
  });

  it('runs exactly the fixture entrypoints', () => {
    expect([...run.verdicts.keys()].sort()).toEqual([...ENTRYPOINTS].sort());
  });

  it.each(ENTRYPOINTS)('%s passes', (name) => {
    expect(run.verdicts.get(name), run.output).toBe('PASS');
  });
});
