// The examples of packages/sim/README.md are the *.example.ts files next to this test: each
// README block must equal its file, and each file's simTest bodies run here (simTest is captured
// so that an example that fails on purpose can be checked for failing).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findFailure, type SimFn } from '@sched/sim';
import { describe, expect, it, vi } from 'vitest';
import { failureReport } from '../../src/run/failure-report.js';
import { vitestCommand } from '../../src/run/replay-command.js';

const registered = vi.hoisted(() => new Map<string, { seeds: number; body: SimFn<unknown> }>());
vi.mock('@sched/sim/vitest', async () => {
  const { it } = await import('vitest');
  return {
    simTest: (name: string, options: { seeds?: number }, body: SimFn<unknown>) => {
      registered.set(name, { seeds: options.seeds ?? 100, body });
      // A real (passing) test keeps the example's describe block from being empty.
      it(`registers ${name}`, () => {});
    },
  };
});

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const file = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
/** The ts block that follows `<!-- example: name -->` in the README. */
const block = (name: string): string | undefined =>
  new RegExp(`<!-- example: ${name} -->[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
const example = (name: string): { seeds: number; body: SimFn<unknown> } => {
  const found = registered.get(name);
  if (found === undefined) throw new Error(`no simTest named ${name}`);
  return found;
};

// Imported while tests are collected: the example's own `describe` block is real here.
await import('./explore.example.js');
await import('./simulated-io.example.js');

describe('packages/sim/README.md examples', () => {
  it('"Explore interleavings in a test" is explore.example.ts, and finds the lost update with no lane option', async () => {
    const name = 'two increments (A + B) never lose an update';
    const { seeds, body } = example(name);

    const failure = await findFailure(body, { from: 0, count: seeds });

    expect(String(failure?.error)).toMatch(/expected 1 to be 2/);
    // The README shows the report of this very failure.
    if (failure === undefined) return;
    const printed = failureReport(
      failure.seed,
      failure.outcome.simulator,
      ({ seed }) => `SEED=${seed} ${vitestCommand({ file: 'test/counter.test.ts', names: ['counter', name] })}`,
    );
    const shown = /<!-- output: explore -->[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(`${printed}\n`);
    expect(block('explore')).toBe(file('explore.example.ts'));
  });

  it('"Testing real code: simulated I/O" is simulated-io.example.ts: the race is found, callbacks are explored', async () => {
    expect(block('simulated-io')).toBe(file('simulated-io.example.ts'));

    const race = example('the last book is sold once');
    const failure = await findFailure(race.body, { from: 0, count: race.seeds });
    expect(String(failure?.error)).toMatch(/expected \[ true, true \] to have a length of 1/);
    const clean = await findFailure(race.body, { from: 0, count: 1 });
    expect(clean).toBeUndefined(); // the race needs the right seed, not just any run

    const callbacks = example('callbacks arrive in every order');
    expect(await findFailure(callbacks.body, { from: 0, count: callbacks.seeds })).toBeUndefined();
  });
});

describe('packages/sim/README.md, "Searching schedules"', () => {
  it('is search.example.ts, and prints exactly what its comments say', async () => {
    expect(block('search')).toBe(file('search.example.ts'));
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
    try {
      await import('./search.example.js');
    } finally {
      log.mockRestore();
    }
    const stated = [...file('search.example.ts').matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(printed).toEqual(stated);
    expect(printed).toEqual(['pct(d=2) true', 'true']);
  });
});

describe('packages/sim/README.md, the plain-node example (check.mjs)', () => {
  it('runs as a separate node process and prints the report the README shows', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const code = /```js\n\/\/ check\.mjs\n([\s\S]*?)```/.exec(readme)?.[1];
    const shown = /```text\n\$ node check\.mjs\n([\s\S]*?)…\n/.exec(readme)?.[1];
    expect(code).toBeDefined();
    expect(shown).toBeDefined();
    // Inside the package, so `@sched/sim` resolves to this package's build (self-reference).
    const dir = mkdtempSync(join(fileURLToPath(new URL('../../', import.meta.url)), '.readme-'));
    try {
      const script = join(dir, 'check.mjs');
      writeFileSync(script, code as string);
      let output = '';
      try {
        execFileSync(process.execPath, [script], {
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, VITEST: '', npm_lifecycle_event: '' },
        });
      } catch (error) {
        const failed = error as { status: number; stderr: string };
        expect(failed.status).toBe(1);
        output = failed.stderr;
      }
      expect(output.replaceAll(script, '/path/to/check.mjs')).toContain(shown as string);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
