import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES } from './helpers.js';

const SCRIPT = fileURLToPath(new URL('./unobserved.mjs', FIXTURES));

/** Runs a scenario in a fresh Node process with default settings. */
function runScenario(scenario: string): { stdout: string[]; stderr: string; status: number | null } {
  const child = spawnSync(process.execPath, [SCRIPT, scenario], { encoding: 'utf8', timeout: 20_000 });
  if (child.error) throw child.error;
  const stdout = child.stdout.trim() === '' ? [] : child.stdout.trim().split('\n');
  return { stdout, stderr: child.stderr, status: child.status };
}

describe('a task failure nobody observes, in a Node process', () => {
  beforeAll(assertBuilt);

  it('is printed with the task name and exits non-zero, like an unhandled rejection', () => {
    const { stdout, stderr, status } = runScenario('unobserved');
    expect(stdout).toEqual(['spawned']);
    expect(status).toBe(1);
    expect(stderr).toContain('UnobservedTaskError: task #1 "save draft" spawned at unknown location');
    expect(stderr).toContain('failed and nobody observed its error');
    expect(stderr).toContain('Error: disk full');
  });

  it('names the spawn site when spawn locations are captured', () => {
    const { stderr, status } = runScenario('unobserved-located');
    expect(status).toBe(1);
    expect(stderr).toMatch(/task #1 "save draft" spawned at \S*fixtures\/unobserved\.mjs:\d+:\d+ failed/);
  });

  it('is fine when observed after it failed, later in the same tick: exit 0', () => {
    const { stdout, stderr, status } = runScenario('observed-late');
    expect(stdout).toEqual(['state failed', 'caught disk full']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('goes to an installed error reporter instead of failing the process', () => {
    const { stdout, stderr, status } = runScenario('reporter');
    expect(stdout).toEqual(['spawned', 'reported UnobservedTaskError for save draft: disk full']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('of a detached task is logged by the default reporter, as before, and the process exits 0', () => {
    const { stdout, stderr, status } = runScenario('detached');
    expect(stdout).toEqual(['spawned']);
    expect(stderr).toContain('[@sched] unobserved error in task #1 "save draft"');
    expect(status).toBe(0);
  });

  it('does not include cancellation: a cancelled task exits 0 silently', () => {
    const { stdout, stderr, status } = runScenario('cancelled');
    expect(stdout).toEqual(['state cancelled']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
