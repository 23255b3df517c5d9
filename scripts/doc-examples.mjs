// The one implementation behind each package's test/doc-examples.test.ts: every example in a
// package's README and TSDoc is a program. `docExamplesSuite` extracts each one, compiles them
// together under strict tsc (exactOptionalPropertyTypes, @types/node 20, no DOM lib), and runs
// each as its own Node process against the built package, so process lifetime is real (an
// example that exits before its timers or workers finish, or never exits, fails).
//
// Conventions, checked here:
// - a ```ts block (in the README, or after @example in a TSDoc comment) is a program; every
//   `console.log(…); // text` line states what it prints, and the output must be exactly those
//   lines, in order, with exit code 0 and nothing on stderr;
// - a ```ts block whose first line is `// name.ts` is a module other examples import (as
//   `./name.js`): it is compiled with them but not run;
// - a ```js block whose first line is `// name.mjs` is a module (a worker module), written as
//   that file;
// - a program that imports `@sched/sim/vitest` declares vitest tests: it is written as
//   `name.test.ts` and run by vitest (its own process, `vitest run` on that one compiled file),
//   whose tests must all pass; its stdout must contain each `// text` it states, if any;
// - files the docs name but do not show live in the package's test/fixtures/doc-examples/.
//
// The examples are written to test/.doc-examples/ (git-ignored) inside the package, so the
// package's own name resolves to its dist by self-reference. Other @sched packages an example
// imports that the package does not depend on (core's examples use @sched/runtime-node as their
// host) are linked into that folder's node_modules by the test (`links`).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const FENCE = /```(ts|js)\n([\s\S]*?)```/g;

/** The examples of one text (a README, or a TSDoc comment from its @example on). */
export function fromBlocks(text, origin, prefix) {
  const examples = [];
  let n = 0;
  for (const [, lang, source = ''] of text.matchAll(FENCE)) {
    if (lang === 'js') {
      const file = /^\/\/ ([\w-]+\.mjs)\b/.exec(source)?.[1];
      if (file === undefined) throw new Error(`${origin}: a js block must start with "// <name>.mjs"`);
      examples.push({ name: file, kind: 'module', source, origin });
      continue;
    }
    const module = /^\/\/ ([\w-]+\.ts)\b/.exec(source)?.[1];
    if (module !== undefined) {
      examples.push({ name: module, kind: 'module', source, origin });
    } else {
      const kind = /from '@sched\/sim\/vitest'/.test(source) ? 'vitest' : 'program';
      examples.push({ name: `${prefix}-${++n}`, kind, source, origin });
    }
  }
  return examples;
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The README's blocks (unless `readme` is false), then every TSDoc @example block under src/. */
export function collectExamples(packageDir, { readme = true } = {}) {
  const examples = readme ? fromBlocks(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'README.md', 'readme') : [];
  for (const file of sourceFiles(join(packageDir, 'src'))) {
    const path = relative(packageDir, file).replaceAll('\\', '/');
    const prefix = path
      .replace(/^src\//, '')
      .replace(/\.ts$/, '')
      .replaceAll('/', '-');
    let index = 0;
    for (const [comment] of readFileSync(file, 'utf8').matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const text = comment.replace(/^\s*\/?\*+\/? ?/gm, '');
      const at = text.indexOf('@example');
      if (at < 0) continue;
      index++;
      examples.push(...fromBlocks(text.slice(at), `${path} (@example ${index})`, `${prefix}-${index}`));
    }
  }
  return examples;
}

/** The lines a program says it prints: the `// text` after each `console.log(…);`. */
export function expectedOutput(source) {
  return [...source.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((match) => match[1] ?? '');
}

/**
 * The compiler options of a demanding user's project: strict, `exactOptionalPropertyTypes`,
 * Node's types only (no DOM), and no `skipLibCheck`, so shipped `.d.ts` files are checked too.
 * Shared with tools/pack-test, which compiles consumer code against the installed tarballs.
 */
export const USER_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  types: ['node'],
};

const TSCONFIG = {
  compilerOptions: { ...USER_COMPILER_OPTIONS, verbatimModuleSyntax: true, noEmitOnError: true },
  include: ['*.ts'],
};

/** Fails with a clear message when `dir`'s dist is missing or older than its sources. */
export function assertDistBuilt(dir) {
  const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  const entry = join(dir, 'dist/index.js');
  if (!existsSync(entry)) throw new Error(`${name}: dist is missing: run \`pnpm build\``);
  if (newest(join(dir, 'src')) > statSync(entry).mtimeMs + 1000) {
    throw new Error(`${name}: dist is older than src: run \`pnpm build\``);
  }
}

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/**
 * Declares the vitest suite that compiles and runs every README and TSDoc example of the package
 * in `options.packageDir`.
 */
export function docExamplesSuite(options) {
  const { packageDir, origins, minPrograms, readme = true, links = {}, timeoutMs = 30_000 } = options;
  const name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;
  /** Inside the package, so its own name resolves to its dist by self-reference. */
  const out = join(packageDir, 'test/.doc-examples');
  const support = join(packageDir, 'test/fixtures/doc-examples');
  const examples = collectExamples(packageDir, { readme });
  const programs = examples.filter((example) => example.kind !== 'module');
  const require = createRequire(join(packageDir, 'package.json'));

  describe(`${readme ? 'README and TSDoc' : 'TSDoc'} examples of ${name}`, () => {
    let compiled = { status: null, output: 'not compiled' };

    beforeAll(() => {
      assertDistBuilt(packageDir);
      for (const dir of Object.values(links)) assertDistBuilt(dir);
      options.assertBuilt?.();
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      if (existsSync(support)) {
        for (const file of readdirSync(support)) copyFileSync(join(support, file), join(out, file));
      }
      for (const [link, target] of Object.entries(links)) {
        const path = join(out, 'node_modules', link);
        mkdirSync(dirname(path), { recursive: true });
        symlinkSync(target, path, 'junction');
      }
      for (const example of examples) {
        const file = example.kind === 'module' ? example.name : `${example.name}${testSuffix(example)}.ts`;
        writeFileSync(join(out, file), `// Extracted from ${example.origin}: do not edit.\n${example.source}`);
      }
      writeFileSync(join(out, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
      // Without a config of its own, vitest would find the repository's (which aliases to src/).
      writeFileSync(join(out, 'vitest.config.mjs'), 'export default {};\n');
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json')], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      compiled = { status: run.status, output: `${run.stdout}${run.stderr}${run.error?.message ?? ''}` };
    }, 180_000);

    it(`finds the examples (${origins.join(', ')})`, () => {
      const found = new Set(programs.map((program) => program.origin.split(' ')[0]));
      for (const origin of origins) expect(found).toContain(origin);
      expect(programs.length).toBeGreaterThanOrEqual(minPrograms);
    });

    it('every example compiles under strict tsc with exactOptionalPropertyTypes and @types/node 20', () => {
      expect(compiled.output).toBe('');
      expect(compiled.status).toBe(0);
    });

    it.each(programs.map((program) => [program.name, program]))(
      '%s runs as its own process and prints what it says',
      (_, program) => {
        expect(compiled.status, 'the examples did not compile').toBe(0);
        const expected = expectedOutput(program.source);
        if (program.kind === 'vitest') {
          const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
          const file = `${program.name}.test.js`;
          const child = spawnSync(
            process.execPath,
            [vitest, 'run', '--root', out, '--config', join(out, 'vitest.config.mjs'), file],
            { cwd: out, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', CI: '1' } },
          );
          expect(child.error).toBeUndefined();
          expect(child.status, `${child.stdout}${child.stderr}`).toBe(0);
          expect(child.stdout).toMatch(/Tests +[1-9]\d* passed/);
          expect(child.stdout).not.toMatch(/failed|skipped/);
          const lines = child.stdout.split('\n');
          for (const line of expected) expect(lines).toContain(line);
          return;
        }
        expect(expected.length, `${program.origin} must print something (console.log(…); // output)`).toBeGreaterThan(
          0,
        );
        const child = spawnSync(process.execPath, [join(out, `${program.name}.js`)], {
          cwd: out,
          encoding: 'utf8',
          timeout: timeoutMs,
        });
        expect(child.error).toBeUndefined();
        expect(child.stderr).toBe('');
        expect({ status: child.status, stdout: child.stdout.trimEnd().split('\n') }).toEqual({
          status: 0,
          stdout: expected,
        });
      },
    );
  });
}

function testSuffix(example) {
  return example.kind === 'vitest' ? '.test' : '';
}
