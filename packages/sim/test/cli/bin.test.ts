// The built `sched` bin as a user runs it (needs `pnpm build`, as `pnpm test` does first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const scenarios = fileURLToPath(new URL('../fixtures/cli-scenarios.mjs', import.meta.url));
const sched = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('the sched bin', () => {
  it('is built, starts with a shebang, and prints help (exit 0) or usage (exit 2)', () => {
    expect(existsSync(bin), 'run `pnpm build`').toBe(true);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = sched('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^sched — explore, replay, shrink and draw interleavings/);
    expect(sched().status).toBe(2);
    const bad = sched('explore', `${scenarios}#safe`, '--shard', '5/4');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--shard must be i/n with 1 ≤ i ≤ n, not "5/4"');
  });

  it('exits 1 with the failure when explore finds one, and 0 when it does not', () => {
    const found = sched('explore', `${scenarios}#lostUpdate`, '--budget', '50', '-o', '/dev/null');
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/failure at seed \d+: Error: lost update/);
    expect(sched('explore', `${scenarios}#safe`, '--budget', '5').status).toBe(0);
  });
});
