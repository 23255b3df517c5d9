// The fixtures of test/workerd/, run in real workerd by scripts/workerd.mjs.
import { fileURLToPath } from 'node:url';
import {
  runWorkerdTests as runTests,
  type ServedWorker,
  serveWorker as serve,
  type WorkerdTestRun,
} from '../../scripts/workerd.mjs';

export type { ServedWorker, WorkerdTestRun };

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs `workerd test` on a fixture and collects each test entrypoint's verdict. */
export function runWorkerdTests(name: string): Promise<WorkerdTestRun> {
  return runTests(fixture(name));
}

/** Serves a fixture with `workerd serve` on a free 127.0.0.1 port. */
export function serveWorker(name: string): Promise<ServedWorker> {
  return serve(fixture(name));
}
