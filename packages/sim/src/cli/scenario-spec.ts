import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenario } from '../node/scenario-ref.js';
import type { SimFn } from '../run/sim-fn.js';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Loads a scenario named `<module>#<export>` (`./scenarios.js#lostUpdate`), the way the `sched`
 * command line and the AFL++ harness (tools/fuzz) name one: the module is a URL (`file:`, `node:`…)
 * or a path resolved against `cwd`; the export must be a function `(sim) => …`.
 *
 * Throws a `SchedError` with code `ERR_SIM_CLI_USAGE` for a name without a module or an export,
 * and `InvalidArgumentError` (from {@link loadScenario}) for a module that cannot be imported or
 * an export that is not a function.
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
