// Runs this package's README and TSDoc examples in the page: each ```ts block is written as a module
// next to this file (test-browser/.doc-examples/, git-ignored) with the ```js blocks it names
// (`// fib.js`), imported through the test server (which compiles TypeScript and resolves
// @sched/*), and every `console.log(...); // text` line must print exactly `text`, in order.
import { afterAll, expect, test } from 'vitest';
import { commands } from 'vitest/browser';

// Paths of the file commands are relative to the project root (the repository).
const README = 'packages/runtime-browser/README.md';
const DIR = 'packages/runtime-browser/test-browser/.doc-examples';
const FENCE = /```(ts|js)\n([\s\S]*?)```/g;

/** Source files whose TSDoc carries examples. */
const TSDOC = ['browser-scheduler.ts', 'pool/worker-pool.ts', 'pool/worker-function.ts', 'pool/with-transfer.ts'].map(
  (file) => `packages/runtime-browser/src/${file}`,
);

/** The ```ts / ```js blocks of a README, or of the `@example`s of a source file (without ` * `). */
async function blocksOf(path: string): Promise<{ origin: string; lang: string; source: string }[]> {
  let text = await commands.readFile(path);
  if (path.endsWith('.ts')) text = text.replace(/^[ \t]*\* ?/gm, '');
  return [...text.matchAll(FENCE)].map(([, lang = '', source = '']) => ({ origin: path, lang, source }));
}

const blocks = (await Promise.all([README, ...TSDOC].map(blocksOf))).flat();
const modules = blocks.filter((block) => block.lang === 'js');
// (the worker modules of all files share one folder; their names must differ)
const programs = blocks.filter((block) => block.lang === 'ts');

/** The `// text` comments of `console.log(...)` lines, in order. */
function expectedOutput(source: string): string[] {
  return [...source.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map(([, text = '']) => text.trim());
}

const written = new Set<string>();
afterAll(async () => {
  for (const path of written) await commands.removeFile(path);
});

test('the README has examples, each worker module named by its first line', () => {
  expect(programs.length).toBeGreaterThan(0);
  for (const module of modules) expect(module.source).toMatch(/^\/\/ [\w-]+\.js\b/);
});

test('every TSDoc file has examples', () => {
  for (const file of TSDOC) expect(blocks.some((block) => block.origin === file)).toBe(true);
});

test.each(programs.map((program, index) => [index + 1, program.origin, program.source] as const))(
  'example %i (%s) runs and prints what its comments say',
  async (index, _origin, source) => {
    for (const module of modules) {
      const name = /^\/\/ ([\w-]+\.js)/.exec(module.source)?.[1] as string;
      await commands.writeFile(`${DIR}/${name}`, module.source);
      written.add(`${DIR}/${name}`);
    }
    const file = `${DIR}/readme-${index}.ts`;
    await commands.writeFile(file, source);
    written.add(file);
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    try {
      await import(/* @vite-ignore */ `./.doc-examples/readme-${index}.ts`);
    } finally {
      console.log = log;
    }
    expect(printed).toEqual(expectedOutput(source));
  },
);
