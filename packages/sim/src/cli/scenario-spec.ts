import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenario } from '../node/scenario-ref.js';
import type { SimFn } from '../run/sim-fn.js';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Loads a scenario named `<module>#<export>` (`./scenarios.js#lostUpdate`): the module path is
 * resolved against `cwd`, the export must be a function `(sim) => …`.
 */
export async function loadScenarioSpec(spec: string, cwd: string): Promise<SimFn<unknown>> {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) {
    throw new CliUsageError(`a scenario is <module>#<export>, e.g. ./scenarios.js#lostUpdate, not "${spec}"`);
  }
  const module = spec.slice(0, hash);
  const url = /^[a-z]+:/i.test(module) && !isAbsolute(module) ? module : pathToFileURL(resolve(cwd, module)).href;
  return loadScenario({ module: url, export: spec.slice(hash + 1) });
}
