// The README examples that install.test.ts runs against the installed tarballs, one folder each.
//
// To update: copy the README's code block into `main.ts` unchanged, add only what the README
// leaves to the reader (marked "stand-in"), and say what it prints. Each folder is compiled by
// `tsc` (strict, exactOptionalPropertyTypes, nodenext) together with the other examples, then
// `node main.js` runs in the folder (or vitest, for a test file). The root README's example is
// read from its tested source file, so it never drifts.

import { readFileSync } from 'node:fs';

export interface Example {
  /** The README section the example comes from. */
  readonly source: string;
  /** The example's files; `main.ts` is the one run, unless `vitest` names a test file. */
  readonly files: Readonly<Record<string, string>>;
  /** Run `vitest run <file>` in the folder (vitest installed next to @sched) instead of node. */
  readonly vitest?: string;
  /** The exit code expected; 0 unless given. */
  readonly exitCode?: number;
  /** Each must match what `main.js` prints on stdout. */
  readonly stdout: readonly RegExp[];
  /** Each must match what it prints on stderr. */
  readonly stderr?: readonly RegExp[];
  /** Extra arguments for node, before the script. */
  readonly nodeArgs?: readonly string[];
}

const quickStart = readFileSync(new URL('../../demo/src/quick-start.ts', import.meta.url), 'utf8');
const runtimeNodeReadme = readFileSync(new URL('../../../packages/runtime-node/README.md', import.meta.url), 'utf8');
const runtimeNodeFirst = /```ts\n([\s\S]*?)```/.exec(runtimeNodeReadme)?.[1] ?? '';
const runtimeNodeFib = /```js\n\/\/ fib\.mjs\n([\s\S]*?)```/.exec(runtimeNodeReadme)?.[1] ?? '';
const firstTsBlock = (pkg: string): string =>
  /```ts\n([\s\S]*?)```/.exec(
    readFileSync(new URL(`../../../packages/${pkg}/README.md`, import.meta.url), 'utf8'),
  )?.[1] ?? '';
const tsBlocks = (pkg: string): string[] =>
  [
    ...readFileSync(new URL(`../../../packages/${pkg}/README.md`, import.meta.url), 'utf8').matchAll(
      /```ts\n([\s\S]*?)```/g,
    ),
  ].map((match) => match[1] ?? '');
const simExplore = readFileSync(
  new URL('../../../packages/sim/test/readme/explore.example.ts', import.meta.url),
  'utf8',
);

export const examples: Readonly<Record<string, Example>> = {
  'root-quick-start': {
    source: 'README.md, "30-second example" (tools/demo/src/quick-start.ts)',
    files: {
      'quick-start.ts': quickStart,
      'main.ts': `import { findTheRace, production } from './quick-start.js';

console.log(\`production: \${await production()}\`);
try {
  await findTheRace();
  console.log('race: not found');
} catch (error) {
  console.log(error instanceof Error ? error.stack : String(error));
}
`,
    },
    stdout: [
      /^production: 70$/m,
      /^Error: lost update: alice has (70|50)$/m,
      /node_modules\/@sched\/sim\/src\/run\/many\.ts:\d+/,
    ],
    stderr: [/^Failing seed: \d+\nReplay: SEED=\d+ /m],
    // Source maps on: the stack trace must name files that exist in the installed package.
    nodeArgs: ['--enable-source-maps'],
  },

  'core-tasks': {
    source: 'packages/core/README.md, "Tasks"',
    files: {
      'main.ts': `import { spawn, type Scheduler } from '@sched/core';
import { threadScheduler } from '@sched/runtime-node';

// stand-ins for what the README leaves to the reader
const scheduler: Scheduler = threadScheduler();
async function fetchProfile(id: string, options: { signal: AbortSignal }): Promise<{ id: string }> {
  options.signal.throwIfAborted();
  return { id };
}

export function loadProfile(scheduler: Scheduler, id: string) {
  return spawn(
    scheduler,
    async ({ signal, sleep }) => {
      await sleep(10); // a cancellable timer on this scheduler's clock
      return fetchProfile(id, { signal }); // \`signal\` aborts when the task is cancelled
    },
    { label: \`profile \${id}\`, priority: 'user-blocking' },
  );
}

const task = loadProfile(scheduler, '42');
task.cancel('navigated away');
console.log(await task.fallible()); // undefined: it was cancelled
`,
    },
    stdout: [/^undefined$/m],
  },

  'sim-simulator': {
    source: 'packages/sim/README.md, "The simulator"',
    files: {
      'main.ts': `import { Simulator } from '@sched/sim';

const sim = new Simulator({ seed: 42, autoAdvance: true });
const task = sim.spawn(async (ctx) => {
  await ctx.sleep(1_000); // virtual: takes no real time
  return sim.now();
});
console.log(await sim.runUntil(task)); // 1000
`,
    },
    stdout: [/^1000$/m],
  },

  'sim-vitest': {
    source: 'packages/sim/README.md, "Explore interleavings in a test"',
    vitest: 'counter.test.ts',
    files: {
      // The README block is this file, byte for byte (packages/sim/test/readme/readme.test.ts).
      'counter.test.ts': simExplore,
    },
    // The test fails on purpose; the README shows what it prints.
    exitCode: 1,
    stdout: [/× .*two increments \(A \+ B\) never lose an update/],
    stderr: [
      /^Failing seed: \d+\nReplay: SEED=\d+ npx vitest run counter\.test\.ts -t '\^counter two increments \\\(A \\\+ B\\\) never lose an update\$'\nSchedule \(\d+ decisions\): /m,
      /AssertionError: expected 1 to be 2/,
    ],
  },

  'runtime-node': {
    source: 'packages/runtime-node/README.md, first example (read from the README)',
    files: {
      'main.ts': runtimeNodeFirst,
      // the worker module the README shows right after it
      'fib.mjs': runtimeNodeFib,
    },
    stdout: [/^42\n75025$/m],
  },

  'compat-gpui': {
    source: 'packages/compat-gpui/README.md, "In production" (read from the README)',
    files: { 'main.ts': firstTsBlock('compat-gpui') },
    stdout: [/^hello gpui$/m],
  },

  'compat-cloud': {
    source: 'packages/compat-cloud/README.md, "In production" (read from the README)',
    files: { 'main.ts': firstTsBlock('compat-cloud') },
    stdout: [/^item 7\nlogged item 7\nblocked on$/m],
  },

  'runtime-workers': {
    source: 'packages/runtime-workers/README.md, first example and "The same handler on the simulator"',
    files: {
      // the Worker module, then the test that imports it from './worker.js'
      'worker.ts': tsBlocks('runtime-workers')[0] ?? '',
      'main.ts': tsBlocks('runtime-workers')[1] ?? '',
    },
    stdout: [/^Set\(1\) \{ 200 \}$/m],
  },

  'runtime-browser': {
    source: 'packages/runtime-browser/README.md, first example: the part without a page (document, Web Workers)',
    files: {
      'main.ts': `import { spawn, spawnWithPriority } from '@sched/core';
import { BrowserScheduler } from '@sched/runtime-browser';

const scheduler = new BrowserScheduler(); // one per page
const answer = await spawn(scheduler, async (ctx) => {
  await ctx.sleep(10);
  return 42;
});
// dispatchKind is 'MessageChannel' where the page has no scheduler.postTask (Safari, and Node)
console.log(answer, scheduler.dispatchKind); // 42 MessageChannel

const order: string[] = [];
await Promise.all([
  spawnWithPriority(scheduler, 'background', async () => void order.push('background')),
  spawnWithPriority(scheduler, 'user-blocking', async () => void order.push('user-blocking')),
]);
console.log(order.join()); // user-blocking,background
// No process.exit: the scheduler holds the event loop only while it waits for a turn.
`,
    },
    stdout: [/^42 MessageChannel\nuser-blocking,background$/m],
  },
};
