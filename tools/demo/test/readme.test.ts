import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { findTheRace, production } from '../src/quick-start.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('../src/quick-start.ts', import.meta.url), 'utf8');

const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
const BUILT = new URL('../dist/quick-start.js', import.meta.url);

/** Runs an ES module snippet in a fresh Node process, so process lifetime is real. */
function runScript(code: string): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(BUILT)) throw new Error('tools/demo/dist is missing: run `pnpm build` first');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: DEMO_DIR,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('README 30-second example', () => {
  it('is exactly the tested source file', () => {
    const block = /<!-- example -->[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(source);
  });

  it('runs in production on the Node host', async () => {
    expect(await production()).toBe(70);
  });

  it('as a script, `console.log(await production())` prints 70 and exits 0 (the timer keeps the process alive)', () => {
    const run = runScript(`import { production } from '${BUILT.href}';\nconsole.log(await production());`);
    expect(run).toEqual({ status: 0, stdout: '70\n', stderr: '' });
  });

  it('as a script, `production().then(console.log)` prints 70', () => {
    const run = runScript(`import { production } from '${BUILT.href}';\nproduction().then(console.log);`);
    expect(run).toEqual({ status: 0, stdout: '70\n', stderr: '' });
  });

  it('compiles under strict tsc with exactOptionalPropertyTypes and @types/node 20', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(
      process.execPath,
      [tsc, '-p', `${DEMO_DIR}tsconfig.json`, '--noEmit', '--strict', '--exactOptionalPropertyTypes'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  }, 150_000);

  it('finds the race on the simulator and prints the failing seed with its replay command', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void printed.push(String(text)));
    try {
      await expect(findTheRace()).rejects.toThrow(/lost update: alice has (70|50)/);
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/Failing seed: \d+\nReplay: SEED=\d+ /);
  });
});
