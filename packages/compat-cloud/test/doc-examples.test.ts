// Every README and TSDoc example of this package is a program: scripts/doc-examples.mjs (shared
// with core, sim and runtime-node) extracts each one, compiles them together under strict tsc,
// and runs each as its own Node process against the built package. @sched/runtime-node and
// @sched/sim resolve through this package's devDependencies.
import { fileURLToPath } from 'node:url';
import { docExamplesSuite } from '../../../scripts/doc-examples.mjs';

docExamplesSuite({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  origins: [
    'README.md',
    'src/platform-runtime.ts',
    'src/execution-session.ts',
    'src/sim/simulator.ts',
    'src/sim/simulated-execution-context.ts',
  ],
  minPrograms: 7,
});
