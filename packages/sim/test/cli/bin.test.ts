// The built `sched` bin as a user runs it (needs `pnpm build`, as `pnpm test` does first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(found.stdout).toMatch(/failure at schedule \d+, found by .*: Error: lost update/);
    expect(sched('explore', `${scenarios}#safe`, '--budget', '5').status).toBe(0);
  });

  it('saves a replay file that `sched replay` reproduces, and proves a safe scenario exhaustively', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-bin-'));
    const file = join(dir, 'bug.sched-replay');
    const found = sched('explore', `${scenarios}#lostUpdate`, '--strategy', 'delay', '--budget', '100', '-o', file);
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/shrunk to schedule [\d.]+ \(1-minimal/);
    const replayed = sched('replay', file, '--quiet');
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/found by delay\(d=2\)/);
    expect(replayed.stdout).toMatch(/failed: Error: lost update/);
    const proof = sched('explore', `${scenarios}#safe`, '--strategy', 'exhaustive', '--progress');
    expect(proof.status).toBe(0);
    expect(proof.stdout).toContain('proved: no failing schedule within 64 decisions per schedule');
    expect(proof.stderr).toMatch(/^90 schedules \(\d+\/s\) · 90 distinct/);
  });
});
