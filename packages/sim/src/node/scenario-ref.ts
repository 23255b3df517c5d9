import { InvalidArgumentError } from '@sched/core';
import type { SimFn } from '../run/sim-fn.js';

/**
 * Names a simulation body by module and export, because closures cannot cross threads:
 * `{ module: import.meta.url, export: 'transferScenario' }`.
 */
export interface ScenarioRef {
  /** Module URL or absolute path. */
  readonly module: string | URL;
  /** Name of the exported function `(sim) => …`. */
  readonly export: string;
}

/** Imports the module and returns the named export, with a typed error if it is missing. */
export async function loadScenario(ref: ScenarioRef): Promise<SimFn<unknown>> {
  const url = ref.module instanceof URL ? ref.module.href : ref.module;
  const specifier = url.startsWith('/') ? new URL(`file://${url}`).href : url;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidArgumentError('module', url, `an importable module (${String(error)})`);
  }
  const fn = mod[ref.export];
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError('export', ref.export, `a function exported by ${url}`);
  }
  return fn as SimFn<unknown>;
}
