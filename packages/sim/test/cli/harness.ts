import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

/** The scenario module the CLI tests point `sched` at. */
export const SCENARIOS: string = fileURLToPath(new URL('../fixtures/cli-scenarios.mjs', import.meta.url));

/** @sched/sim's version, as `sched --version` prints it. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Runs the CLI with `cwd` as its working directory, collecting each line it prints. */
export async function runCliIn(cwd: string, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { cwd, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}
