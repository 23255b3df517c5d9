import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusStore } from '../explore/corpus-store.js';
import { hashString } from '../explore/coverage-recorder.js';

/**
 * A corpus kept as a directory of tape files (`<hash>.tape`, raw bytes): `explore` with
 * `{ strategy: 'coverage', corpus: directoryCorpus(dir) }` starts from the tapes earlier runs
 * saved there and adds the ones that reach new coverage. The directory is created if missing;
 * files are loaded in name order, so a run from the same directory is reproducible.
 */
export function directoryCorpus(dir: string): CorpusStore {
  return {
    load: () => {
      mkdirSync(dir, { recursive: true });
      return readdirSync(dir)
        .filter((name) => name.endsWith('.tape'))
        .sort()
        .map((name) => new Uint8Array(readFileSync(join(dir, name))));
    },
    save: (tape) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${tapeName(tape)}.tape`), tape);
    },
  };
}

function tapeName(tape: Uint8Array): string {
  let text = '';
  for (const byte of tape) text += String.fromCharCode(byte);
  return `${hashString(text).toString(16).padStart(8, '0')}-${tape.length}`;
}
