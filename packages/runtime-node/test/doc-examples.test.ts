// Every example in this package's README and TSDoc is a program: this test extracts each one,
// compiles them together under strict tsc (exactOptionalPropertyTypes, @types/node 20, no DOM
// lib), and runs each as its own Node process against the built package, so process lifetime is
// real (an example that exits before its timers or workers finish fails here).
//
// Conventions, checked below:
// - a ```ts block (in the README, or after @example in a TSDoc comment) is a program; every
//   `console.log(…); // text` line states what it prints, and the output must be exactly those
//   lines, in order;
// - a ```js block whose first line is `// name.mjs` is a worker module, written as that file;
// - worker modules the docs name but do not show live in test/fixtures/doc-examples/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PACKAGE_DIR } from './helpers.js';

interface Example {
  /** File name (without extension) of a program, or the worker module's file name. */
  readonly name: string;
  readonly kind: 'program' | 'worker-module';
  readonly source: string;
  /** Where it came from, for failure messages. */
  readonly origin: string;
}

/** Inside the package, so `@sched/runtime-node` resolves to this package's dist by self-reference. */
const OUT = join(PACKAGE_DIR, 'test/.doc-examples');
const SUPPORT = fileURLToPath(new URL('./fixtures/doc-examples/', import.meta.url));

const FENCE = /```(ts|js)\n([\s\S]*?)```/g;

function fromBlocks(text: string, origin: string, prefix: string): Example[] {
  const examples: Example[] = [];
  let n = 0;
  for (const [, lang, source = ''] of text.matchAll(FENCE)) {
    if (lang === 'js') {
      const file = /^\/\/ ([\w-]+\.mjs)\b/.exec(source)?.[1];
      if (file === undefined) throw new Error(`${origin}: a js block must start with "// <name>.mjs"`);
      examples.push({ name: file, kind: 'worker-module', source, origin });
    } else {
      examples.push({ name: `${prefix}-${++n}`, kind: 'program', source, origin });
    }
  }
  return examples;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The README's blocks, then every TSDoc @example block under src/. */
function collectExamples(): Example[] {
  const examples = fromBlocks(readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8'), 'README.md', 'readme');
  for (const file of sourceFiles(join(PACKAGE_DIR, 'src'))) {
    const path = relative(PACKAGE_DIR, file);
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
function expectedOutput(source: string): string[] {
  return [...source.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((match) => match[1] ?? '');
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    types: ['node'],
    skipLibCheck: false,
    noEmitOnError: true,
  },
  include: ['*.ts'],
};

const examples = collectExamples();
const programs = examples.filter((example) => example.kind === 'program');

describe('README and TSDoc examples of @sched/runtime-node', () => {
  let compiled: { status: number | null; output: string } = { status: null, output: 'not compiled' };

  beforeAll(() => {
    assertBuilt();
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const file of readdirSync(SUPPORT)) copyFileSync(join(SUPPORT, file), join(OUT, file));
    for (const example of examples) {
      const file = example.kind === 'program' ? `${example.name}.ts` : example.name;
      writeFileSync(join(OUT, file), `// Extracted from ${example.origin}: do not edit.\n${example.source}`);
    }
    writeFileSync(join(OUT, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(OUT, 'tsconfig.json')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    compiled = { status: run.status, output: `${run.stdout}${run.stderr}${run.error?.message ?? ''}` };
  }, 180_000);

  it('finds the examples (README blocks and @example blocks)', () => {
    const origins = new Set(programs.map((program) => program.origin.split(' ')[0]));
    expect(origins).toContain('README.md');
    expect(origins).toContain('src/node-scheduler.ts');
    expect(origins).toContain('src/thread-scheduler.ts');
    expect(origins).toContain('src/pool/worker-pool.ts');
    expect(programs.length).toBeGreaterThanOrEqual(10);
  });

  it('every example compiles under strict tsc with exactOptionalPropertyTypes and @types/node 20', () => {
    expect(compiled.output).toBe('');
    expect(compiled.status).toBe(0);
  });

  it.each(programs.map((program) => [program.name, program] as const))(
    '%s runs as its own process and prints what it says',
    (_, program) => {
      expect(compiled.status, 'the examples did not compile').toBe(0);
      const expected = expectedOutput(program.source);
      expect(expected.length, `${program.origin} must print something (console.log(…); // output)`).toBeGreaterThan(0);
      const child = spawnSync(process.execPath, [join(OUT, `${program.name}.js`)], {
        cwd: OUT,
        encoding: 'utf8',
        timeout: 30_000,
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
