import { afterEach } from 'vitest';

/** Puts back the given environment variables (or deletes them) after each test of the file. */
export function restoreEnvAfterEach(names: readonly string[]): void {
  const saved = new Map(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
