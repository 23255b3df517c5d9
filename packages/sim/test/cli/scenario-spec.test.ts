import { dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidArgumentError, SchedError } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { loadScenarioSpec } from '../../src/cli/scenario-spec.js';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

const scenarios = fileURLToPath(new URL('../fixtures/cli-scenarios.mjs', import.meta.url));
const here = dirname(fileURLToPath(import.meta.url));

/** What loading `spec` (relative to this folder) rejects with; throws if it loads. */
async function loadError(spec: string): Promise<unknown> {
  try {
    await loadScenarioSpec(spec, here);
  } catch (error) {
    return error;
  }
  throw new Error(`expected "${spec}" not to load`);
}

describe('loadScenarioSpec (the <module>#<export> loader of the sched CLI and the AFL++ harness)', () => {
  it('loads the export of a module named by absolute path, by path relative to cwd, and by file: URL', async () => {
    expect(await loadScenarioSpec(`${scenarios}#lostUpdate`, '/')).toBe(lostUpdate);
    expect(await loadScenarioSpec(`${relative(here, scenarios)}#lostUpdate`, here)).toBe(lostUpdate);
    expect(await loadScenarioSpec(`${pathToFileURL(scenarios).href}#lostUpdate`, '/nowhere')).toBe(lostUpdate);
  });

  it.each(['lostUpdate', '#lostUpdate', `${scenarios}#`, ''])(
    'rejects "%s" (no module or no export) as a usage error naming it',
    async (spec) => {
      const error = await loadError(spec);
      expect(error).toBeInstanceOf(SchedError);
      expect((error as SchedError).code).toBe('ERR_SIM_CLI_USAGE');
      expect((error as SchedError).message).toContain(
        `a scenario is <module>#<export>, e.g. ./scenarios.js#lostUpdate, not "${spec}"`,
      );
    },
  );

  it('rejects a missing module, a missing export and one that is not a function with InvalidArgumentError', async () => {
    for (const [spec, named] of [
      ['./no-such-module.mjs#f', 'no-such-module.mjs'],
      [`${scenarios}#noSuchExport`, 'noSuchExport'],
      [`${scenarios}#notAFunction`, 'notAFunction'],
    ] as const) {
      const error = await loadError(spec);
      expect(error, spec).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message, spec).toContain(named);
    }
  });
});
