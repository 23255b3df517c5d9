import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs `command` in a POSIX shell from the repository root, as a user pasting it would. */
function sh(command: string, env: Record<string, string | undefined> = {}): string {
  const clean = { ...process.env, VITEST: undefined, npm_lifecycle_event: undefined, ...env };
  try {
    return execFileSync('sh', ['-c', command], { cwd: root, env: clean, encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

describe('the demo CLI (built by `pnpm test` before the tests run)', () => {
  it('prints replay commands that, run as printed, replay the failing seed and the shrunk schedule', () => {
    expect(existsSync(cli), `${cli} is missing: run \`pnpm build\` first`).toBe(true);
    const output = sh(`node ${JSON.stringify(cli)}`);
    const seed = /Failing seed: (\d+)/.exec(output)?.[1];
    const replay = /Replay: (SEED=\d+ .*)/.exec(output)?.[1];
    const shrunk = /Replay shrunk: (SCHEDULE=\S+ .*)/.exec(output)?.[1];
    expect(seed).toBeDefined();
    expect(replay).toMatch(/^SEED=\d+ node /);
    expect(shrunk).toMatch(/^SCHEDULE=\S+ node /);

    expect(sh(replay as string)).toContain(`✗ seed ${seed} fails: LostUpdateError`);
    expect(sh(shrunk as string)).toMatch(/✗ schedule \S+ fails: LostUpdateError/);
  });
});
