import { createRequire } from 'node:module';

/** Where the CLI writes and where it resolves relative paths: the process, or a test's capture. */
export interface CliIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The version of this `@sched/sim`, written into replay files. */
export function packageVersion(): string {
  // Same relative path from src/cli and dist/cli.
  const manifest = createRequire(import.meta.url)('../../package.json') as { version: string };
  return manifest.version;
}

/** Exit codes of the `sched` CLI. */
export const EXIT = {
  /** Nothing failed: no failure found, or the replayed run passed. */
  ok: 0,
  /** A failure was found (explore) or reproduced (replay, shrink). */
  failure: 1,
  /** Bad command line. */
  usage: 2,
  /** A replay file could not be read (`ReplayFileError`). */
  replayFile: 3,
  /** The scenario could not be loaded, or a file could not be written. */
  input: 4,
} as const;
