// Every example in this package's README and TSDoc is a program: scripts/doc-examples.mjs (shared
// with runtime-node and sim) extracts each one, compiles them together under strict tsc
// (exactOptionalPropertyTypes, @types/node 20, no DOM lib), and runs each as its own Node process
// against the built packages, so process lifetime is real. The conventions are described at the
// top of that file.
//
// Core knows no host, but a task needs one to run: the examples use @sched/runtime-node's
// `threadScheduler()`, as an application does (and `forwardControl`'s uses @sched/sim, the one
// controlling host). Core does not depend on either (they depend on core; a dev dependency back
// would make the workspace graph cyclic), so this test links both built packages into the
// examples' folder (test/.doc-examples/node_modules). `@sched/core` itself resolves to this
// package's dist by self-reference, which is also what those packages' dists import (pnpm links
// them to this folder), so there is one copy of core.
import { fileURLToPath } from 'node:url';
import { docExamplesSuite } from '../../../scripts/doc-examples.mjs';

const packages = (name: string): string => fileURLToPath(new URL(`../../${name}`, import.meta.url));

docExamplesSuite({
  packageDir: packages('core'),
  origins: [
    'README.md',
    'src/spawn.ts',
    'src/task/task.ts',
    'src/task/start-task.ts',
    'src/session.ts',
    'src/error-reporter.ts',
    'src/control/control.ts',
    'src/control/yield-now.ts',
    'src/errors/sched-error.ts',
    'src/sync/channel.ts',
    'src/sync/mutex.ts',
    'src/executor.ts',
  ],
  minPrograms: 13,
  links: { '@sched/runtime-node': packages('runtime-node'), '@sched/sim': packages('sim') },
});
