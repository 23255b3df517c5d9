import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End to end: real vitest child processes on a small project written to <repo>/tmp (git-ignored,
// outside the repository's test include pattern), with its own config so the printed replay
// command runs unchanged from that folder.

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const describeName = "counter (a+b) 'quoted'";
const testName = "loses an update (sometimes) + it's racy";

const config = `import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path) => fileURLToPath(new URL(\`../../packages/\${path}\`, import.meta.url));
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sched\\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@sched\\/sim$/, replacement: src('sim/src/index.ts') },
      { find: /^@sched\\/sim\\/vitest$/, replacement: src('sim/src/vitest/index.ts') },
    ],
  },
  test: {
    include: ['*.test.ts'],
    allowOnly: true,
    reporters: ['default', 'json'],
    outputFile: { json: 'results.json' },
  },
});
`;

const racy = `import { simTest } from '@sched/sim/vitest';
import { describe, expect } from 'vitest';

async function lostUpdate(sim) {
  console.log(\`RAN \${sim.description}\`);
  const state = { count: 0 };
  const increment = async () => {
    const seen = state.count;
    await sim.timer(1);
    state.count = seen + 1;
  };
  const a = sim.spawn(increment, { lane: 'background' });
  const b = sim.spawn(increment, { lane: 'background' });
  await sim.runUntilIdle();
  await a;
  await b;
  expect(state.count).toBe(2);
}

describe(${JSON.stringify(describeName)}, () => {
  simTest(${JSON.stringify(testName)}, { seeds: 50 }, lostUpdate);
  // Same name plus a suffix: an unanchored pattern would select it too.
  simTest(${JSON.stringify(`${testName} too`)}, { seeds: 50 }, lostUpdate);
  simTest.skip('is skipped', lostUpdate);
});

// Same name outside the describe block: a pattern without the describe name would select it too.
simTest(${JSON.stringify(testName)}, { seeds: 50 }, lostUpdate);
`;

const only = `import { simTest } from '@sched/sim/vitest';

simTest.only('runs alone', { seeds: 3 }, async () => {});
simTest('is left out by .only', async () => {
  throw new Error('should not run');
});
`;

interface AssertionResult {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}

interface JsonResults {
  readonly numFailedTests: number;
  readonly numPassedTests: number;
  readonly testResults: ReadonlyArray<{ readonly name: string; readonly assertionResults: AssertionResult[] }>;
}

let dir = '';

/** The environment of a fresh shell: none of this vitest run's variables, no SEED / SCHEDULE. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|TEST$|NODE_ENV$|SEED$|SCHEDULE$|ITERATIONS$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function results(): JsonResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as JsonResults;
}

function all(json: JsonResults): AssertionResult[] {
  return json.testResults.flatMap((file) => file.assertionResults);
}

beforeAll(() => {
  mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(repoRoot, 'tmp', 'sim-e2e-'));
  writeFileSync(join(dir, 'vitest.config.mjs'), config);
  writeFileSync(join(dir, 'racy.test.ts'), racy);
  writeFileSync(join(dir, 'only.test.ts'), only);
});

afterAll(() => {
  if (dir !== '' && process.env.KEEP_E2E === undefined) rmSync(dir, { recursive: true, force: true });
});

describe('simTest in a real vitest run', () => {
  it('prints a replay command that, run through sh, runs exactly the failing test with the same seed', () => {
    const first = spawnSync('npx', ['vitest', 'run'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect(first.status).toBe(1);
    const firstRun = all(results());
    const target = firstRun.find((t) => t.title === testName && t.ancestorTitles[0] === describeName);
    expect(target?.status).toBe('failed');
    // The seed and the replay command are in the error itself, so the JSON reporter has them.
    const message = target?.failureMessages.join('\n') ?? '';
    const seed = /^Failing seed: (\d+)$/m.exec(message)?.[1];
    const command = /^Replay: (.+)$/m.exec(message)?.[1] ?? '';
    expect(seed).toMatch(/^\d+$/);
    expect(command).toBe(
      `SEED=${seed} npx vitest run racy.test.ts -t '^counter \\(a\\+b\\) '\\''quoted'\\'' loses an update \\(sometimes\\) \\+ it'\\''s racy$'`,
    );
    // simTest.skip is reported as skipped, simTest.only leaves the others out.
    const status = (title: string) => firstRun.find((t) => t.title === title)?.status;
    expect(status('is skipped')).toBe('skipped');
    expect(status('runs alone')).toBe('passed');
    expect(status('is left out by .only')).toBe('skipped');
    rmSync(join(dir, 'results.json'));

    const replay = spawnSync('sh', ['-c', command], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });

    expect(replay.status).toBe(1);
    const json = results();
    const ran = all(json).filter((t) => t.status !== 'skipped' && t.status !== 'pending');
    expect(ran.map((t) => [...t.ancestorTitles, t.title])).toEqual([[describeName, testName]]);
    expect(json.numFailedTests).toBe(1);
    expect(json.numPassedTests).toBe(0);
    expect(ran[0]?.failureMessages.join('\n')).toMatch(new RegExp(`^Failing seed: ${seed}$`, 'm'));
    // SEED= ran that one seed only (lean, then re-run with the trace on for the report), and the
    // printed report names it.
    expect(replay.stdout.match(/RAN seed \d+/g)).toEqual([`RAN seed ${seed}`, `RAN seed ${seed}`]);
    expect(replay.stderr).toContain(`Failing seed: ${seed}\n`);
  }, 60_000);
});
