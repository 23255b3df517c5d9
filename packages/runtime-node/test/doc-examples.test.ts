// Every example in this package's README and TSDoc is a program: scripts/doc-examples.mjs (shared
// with core and sim) extracts each one, compiles them together under strict tsc
// (exactOptionalPropertyTypes, @types/node 20, no DOM lib), and runs each as its own Node process
// against the built package, so process lifetime is real (an example that exits before its timers
// or workers finish fails here). The conventions are described at the top of that file.
//
// Here: a ```js block whose first line is `// name.mjs` is a worker module, written as that file;
// worker modules the docs name but do not show live in test/fixtures/doc-examples/.
import { docExamplesSuite } from '../../../scripts/doc-examples.mjs';
import { assertBuilt, PACKAGE_DIR } from './helpers.js';

docExamplesSuite({
  packageDir: PACKAGE_DIR,
  origins: ['README.md', 'src/node-scheduler.ts', 'src/thread-scheduler.ts', 'src/pool/worker-pool.ts'],
  minPrograms: 10,
  assertBuilt,
});
