// compat-cloud's production code in real workerd (runtime-workers' scaffolding: `workerd test`
// over the built packages), with `ExecutionSession` on workerd's own ExecutionContext.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runWorkerdTests, type WorkerdTestRun } from '../../../runtime-workers/scripts/workerd.mjs';

const FIXTURE = new URL('./fixtures/cloud-worker.mjs', import.meta.url);
const ENTRYPOINTS = [
  'waitUntilWorkFinishesAfterTheResponse',
  'finishReportsTheFloatingTaskWithItsSpawnSite',
  'platformRuntimeBlocksOnTheIsolateScheduler',
];

describe('compat-cloud in workerd (workerd test)', () => {
  let run: WorkerdTestRun;

  beforeAll(async () => {
    run = await runWorkerdTests(fileURLToPath(FIXTURE), { packages: ['compat-cloud'] });
  });

  it('runs exactly the fixture entrypoints', () => {
    expect([...run.verdicts.keys()].sort()).toEqual([...ENTRYPOINTS].sort());
  });

  it.each(ENTRYPOINTS)('%s passes', (name) => {
    expect(run.verdicts.get(name), run.output).toBe('PASS');
  });

  it('names the floating task by the line that spawned it, in the request session', () => {
    const source = readFileSync(FIXTURE, 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('// spawn-site: lost write')) + 2;
    const column = (source[line - 1] as string).indexOf('request.spawn(') + 'request.'.length + 1;
    expect(/FLOATING-AT (\S+)/.exec(run.output)?.[1]).toBe(`/bundle/test/cloud-worker.mjs:${line}:${column}`);
    expect(/SESSION-NAME (.*)/.exec(run.output)?.[1]).toMatch(
      /^session #\d+ "GET \/floating" ended with 1 dangling task/,
    );
  });

  it('workerd test exits 0', () => {
    expect(run.exitCode, run.output).toBe(0);
  });
});
