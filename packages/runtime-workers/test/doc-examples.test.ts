// Every example in this package's README and TSDoc is a program, compiled under strict tsc and
// run as its own Node process against the built package by scripts/doc-examples.mjs (shared with
// core, sim and runtime-node; its conventions are at the top of that file). A worker module runs
// as a plain module here: evaluating it must not touch the scheduler (that would be global scope
// on Workers), and its handlers are driven through WorkersSimulator.
import { fileURLToPath } from 'node:url';
import { docExamplesSuite } from '../../../scripts/doc-examples.mjs';

docExamplesSuite({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  origins: [
    'README.md',
    'src/workers-scheduler.ts',
    'src/session/with-sessions.ts',
    'src/testing/workers-simulator.ts',
  ],
  minPrograms: 4,
});
