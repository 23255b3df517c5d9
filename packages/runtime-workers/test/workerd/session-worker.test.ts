// The host's behaviour in real workerd: `workerd test` runs the fixture's test entrypoints (each a
// request through a service binding to the same isolate, with workerd's own ExecutionContext),
// and each entrypoint's verdict is one test here.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runWorkerdTests, type WorkerdTestRun } from './harness.js';

const ENTRYPOINTS = [
  'requestSpawnsTasks',
  'waitUntilFinishesAfterResponse',
  'detachedTaskIsHandedToWaitUntil',
  'floatingTaskIsReportedWithSpawnSite',
  'timersInsideRequest',
  'prioritiesMapOntoTheIsolate',
  'detachedErrorReachesReporter',
  'overdueWaitUntilIsReported',
  'schedulerIsTheIsolateOne',
  'scheduledHandlerGetsASession',
  'queueHandlerReportsAFloatingTask',
  'overdueRegisteredTaskIsReported',
  'waitUntilAfterTheDrainIsReported',
];

describe('in workerd (workerd test)', () => {
  let run: WorkerdTestRun;

  beforeAll(async () => {
    run = await runWorkerdTests('session-worker.mjs');
  });

  it('runs exactly the fixture entrypoints', () => {
    expect([...run.verdicts.keys()].sort()).toEqual([...ENTRYPOINTS].sort());
  });

  it.each(ENTRYPOINTS)('%s passes', (name) => {
    expect(run.verdicts.get(name), run.output).toBe('PASS');
  });

  it('names the floating task by the line that spawned it', () => {
    const source = readFileSync(new URL('./fixtures/session-worker.mjs', import.meta.url), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('// spawn-site: lost audit')) + 1;
    const column = (source[line - 1] as string).indexOf('session.spawn(') + 'session.'.length + 1;
    const reported = /FLOATING-AT (\S+)/.exec(run.output)?.[1];
    expect(reported).toBe(`/bundle/test/session-worker.mjs:${line}:${column}`);
  });

  it('names the overdue registered task by the line that spawned it', () => {
    const source = readFileSync(new URL('./fixtures/session-worker.mjs', import.meta.url), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('// spawn-site: slow export')) + 1;
    const column = (source[line - 1] as string).indexOf('session.spawn(') + 'session.'.length + 1;
    expect(/OVERDUE-TASK-AT (\S+)/.exec(run.output)?.[1]).toBe(`/bundle/test/session-worker.mjs:${line}:${column}`);
  });

  it('prints the development log line for the floating task', () => {
    expect(run.output).toMatch(
      /\[@sched\] fetch GET \/floating: task #\d+ "lost audit" spawned at \/bundle\/test\/session-worker\.mjs:\d+:\d+ was still running/,
    );
  });

  it('workerd test exits 0', () => {
    expect(run.exitCode, run.output).toBe(0);
  });
});
