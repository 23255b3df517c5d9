// Every TSDoc example of this package is a program: scripts/doc-examples.mjs (shared with core and
// runtime-node) extracts each one, compiles them together under strict tsc
// (exactOptionalPropertyTypes, @types/node 20, no DOM lib), and runs each as its own Node process
// against the built package, so process lifetime is real (`manyParallel`'s worker threads must
// end for its example to exit). The conventions are described at the top of that file.
//
// - The README's examples are not here: test/readme/readme.test.ts checks and runs them.
// - `simTest`'s example declares a vitest test: it is compiled with the others, then run by vitest
//   (`vitest run` on that one compiled file, in its own process), which must pass.
// - `manyParallel`'s example is two blocks: `// scenarios.ts`, a module compiled with the
//   others and loaded by the worker threads as scenarios.js, and the program that runs it.
// - `@sched/sim` resolves to this package's dist by self-reference; `@sched/core` through this
//   package's own dependency.
import { fileURLToPath } from 'node:url';
import { docExamplesSuite } from '../../../scripts/doc-examples.mjs';

docExamplesSuite({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  readme: false,
  origins: [
    'src/simulator.ts',
    'src/run/many.ts',
    'src/node/parallel-many.ts',
    'src/vitest/sim-test.ts',
    'src/worker/simulated-worker.ts',
    'src/io/simulate-io.ts',
    'src/replay/replay-file.ts',
    'src/fast-check/tape-arbitrary.ts',
  ],
  minPrograms: 9,
});
