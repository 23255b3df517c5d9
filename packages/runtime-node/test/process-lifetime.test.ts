import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES } from './helpers.js';

const SCRIPT = fileURLToPath(new URL('./lifetime.mjs', FIXTURES));

/** Runs a scenario in a fresh Node process; a process kept alive by a stray handle hits the timeout. */
function runScenario(scenario: string): { lines: string[]; status: number | null; ms: number } {
  const start = Date.now();
  const child = spawnSync(process.execPath, [SCRIPT, scenario], { encoding: 'utf8', timeout: 20_000 });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`scenario ${scenario} failed (exit ${child.status}):\n${child.stderr}`);
  return { lines: child.stdout.trim().split('\n'), status: child.status, ms: Date.now() - start };
}

describe('process lifetime', () => {
  beforeAll(assertBuilt);

  it('an idle scheduler holds nothing open: the process exits at once', () => {
    const { lines, ms } = runScenario('idle');
    expect(lines).toEqual(['main true', 'result 42', 'done']);
    expect(ms).toBeLessThan(10_000);
  });

  it('cancelled timers release the process at once', () => {
    const { lines, ms } = runScenario('cancelled');
    expect(lines).toEqual(['done']);
    expect(ms).toBeLessThan(10_000); // 60 s timers were created (then cancelled)
  });

  it('a script whose top-level await waits on ctx.sleep prints its result and exits 0 (not 13)', () => {
    const { lines, status } = runScenario('sleep-await');
    expect(status).toBe(0);
    expect(lines).toEqual(['answer 42']);
  });

  it('spawn(…).then(print) with a sleeping task prints before the process exits', () => {
    expect(runScenario('sleep-then').lines).toEqual(['spawned', 'answer 42']);
  });

  it('only unref’d timers pending: the process exits at once without running them', () => {
    const { lines, ms } = runScenario('unref-only');
    expect(lines).toEqual(['done']);
    expect(ms).toBeLessThan(10_000);
  });

  it('a ref’d timer holds the process until it fires; a later unref’d one does not', () => {
    expect(runScenario('mixed').lines).toEqual(['done', 'fired ref-early']);
  });

  it('refTimers: false starts timers unref’d; ref() on a handle holds the process for that timer only', () => {
    expect(runScenario('ref-option').lines).toEqual(['done', 'fired ref-handle', 'fired ref-timer']);
  });

  it('idle pool workers do not keep the process alive', () => {
    expect(runScenario('pool').lines).toEqual(['sum 42', 'done']);
  });

  it('a busy pool worker keeps the process alive until its task is done', () => {
    expect(runScenario('pool-busy').lines).toEqual(['done', 'got late']);
  });
});
