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
  if (child.status !== 0) throw new Error(`scenario ${scenario} failed (${child.status}):\n${child.stderr}`);
  return { lines: child.stdout.trim().split('\n'), status: child.status, ms: Date.now() - start };
}

describe('process lifetime', () => {
  beforeAll(assertBuilt);

  it('an idle scheduler with unref’d timers lets the process exit', () => {
    const { lines } = runScenario('idle');
    // 60 s timers were pending; the process still exited (well within the 20 s timeout).
    expect(lines).toEqual(['main true', 'result 42', 'done']);
  });

  it('refTimers: true keeps the process alive until the timer fires', () => {
    expect(runScenario('ref-option').lines).toEqual(['done', 'fired ref-option']);
  });

  it('ref() on one handle keeps the process alive for that timer only', () => {
    expect(runScenario('ref-handle').lines).toEqual(['done', 'fired ref-handle', 'fired ref-timer']);
  });

  it('idle pool workers do not keep the process alive', () => {
    expect(runScenario('pool').lines).toEqual(['sum 42', 'done']);
  });

  it('a busy pool worker keeps the process alive until its task is done', () => {
    expect(runScenario('pool-busy').lines).toEqual(['done', 'got late']);
  });
});
