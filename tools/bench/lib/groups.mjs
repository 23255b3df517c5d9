// Finding, selecting, loading and validating group files (tools/bench/groups/<name>.mjs).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchUsageError, GroupDefinitionError } from './errors.mjs';

/** @typedef {import('./runner.mjs').Group} Group */

const ROLES = ['subject', 'peer', 'floor'];
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Names of the group files in a directory, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
export function listGroupNames(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
    .map((f) => f.slice(0, -'.mjs'.length))
    .sort();
}

/**
 * The groups to run, in the order asked for; all of them when none is named.
 * A pattern with `*` selects every matching group ("node-*").
 * @param {readonly string[]} requested
 * @param {readonly string[]} available
 * @returns {string[]}
 */
export function selectGroups(requested, available) {
  if (requested.length === 0) return [...available];
  /** @type {string[]} */
  const chosen = [];
  /** @type {string[]} */
  const unknown = [];
  for (const ask of requested) {
    const matches = ask.includes('*')
      ? available.filter((name) => wildcard(ask).test(name))
      : available.filter((name) => name === ask);
    if (matches.length === 0) unknown.push(ask);
    for (const m of matches) if (!chosen.includes(m)) chosen.push(m);
  }
  if (unknown.length > 0) {
    const list = available.length > 0 ? available.join(', ') : '(none: tools/bench/groups is empty)';
    const what =
      unknown.length === 1
        ? `unknown group "${unknown[0]}"`
        : `unknown groups ${unknown.map((u) => `"${u}"`).join(', ')}`;
    throw new BenchUsageError(`${what}. Available groups: ${list}`);
  }
  return chosen;
}

/**
 * Import groups/<name>.mjs and validate its `group` export.
 * @param {string} dir
 * @param {string} name
 * @returns {Promise<Group>}
 */
export async function loadGroup(dir, name) {
  const file = join(dir, `${name}.mjs`);
  /** @type {Record<string, unknown>} */
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const code = /** @type {{ code?: unknown }} */ (error)?.code;
    const hint =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') && /@sched\//.test(msg)
        ? ' (the @sched packages are imported from their dist/ builds: run `pnpm build` first)'
        : '';
    throw new GroupDefinitionError(`cannot load group "${name}" from ${file}: ${msg}${hint}`, { cause: error });
  }
  const problems = validateGroup(mod.group, name);
  if (problems.length > 0) {
    throw new GroupDefinitionError(
      `group file ${file} does not follow the group contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return /** @type {Group} */ (mod.group);
}

/**
 * Everything wrong with a group export, as sentences; empty when it is valid.
 * @param {unknown} group
 * @param {string} fileName  the file's base name, which the group's name must equal
 * @returns {string[]}
 */
export function validateGroup(group, fileName) {
  /** @type {string[]} */
  const problems = [];
  if (typeof group !== 'object' || group === null) {
    return ['the file must `export const group = { name, description, params, cases }`'];
  }
  const g = /** @type {Record<string, any>} */ (group);
  if (typeof g.name !== 'string' || !NAME.test(g.name)) {
    problems.push(`name must be a lower-case identifier (letters, digits, . _ -), got ${JSON.stringify(g.name)}`);
  } else if (g.name !== fileName) {
    problems.push(`name "${g.name}" must equal the file name "${fileName}"`);
  }
  if (typeof g.description !== 'string' || g.description.trim() === '') {
    problems.push('description must be a non-empty string');
  }
  for (const mode of ['full', 'smoke']) {
    const p = g.params?.[mode];
    if (typeof p !== 'object' || p === null) {
      problems.push(`params.${mode} must be an object`);
    } else if (p.ops !== undefined && !(typeof p.ops === 'number' && Number.isFinite(p.ops) && p.ops > 0)) {
      problems.push(`params.${mode}.ops must be a positive number of operations per run, got ${JSON.stringify(p.ops)}`);
    }
  }
  for (const key of ['samples', 'warmup']) {
    const v = g[key];
    const min = key === 'samples' ? 1 : 0;
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) {
      problems.push(`${key} must be an integer ≥ ${min} when given, got ${JSON.stringify(v)}`);
    }
  }
  if (g.gcBetweenRuns !== undefined && typeof g.gcBetweenRuns !== 'boolean') {
    problems.push(`gcBetweenRuns must be a boolean when given, got ${JSON.stringify(g.gcBetweenRuns)}`);
  }
  for (const key of ['setup', 'teardown']) {
    if (g[key] !== undefined && typeof g[key] !== 'function') problems.push(`${key} must be a function when given`);
  }
  if (!Array.isArray(g.cases) || g.cases.length === 0) {
    problems.push('cases must be a non-empty array');
    return problems;
  }
  /** @type {Set<string>} */
  const seen = new Set();
  g.cases.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
    const label = typeof c?.name === 'string' && c.name !== '' ? `case "${c.name}"` : `cases[${i}]`;
    if (typeof c !== 'object' || c === null) {
      problems.push(`${label} must be an object`);
      return;
    }
    if (typeof c.name !== 'string' || c.name.trim() === '') problems.push(`${label}: name must be a non-empty string`);
    else if (seen.has(c.name)) problems.push(`${label}: duplicate case name`);
    else seen.add(c.name);
    if (!ROLES.includes(c.role))
      problems.push(`${label}: role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(c.role)}`);
    if (typeof c.run !== 'function') problems.push(`${label}: run(params) must be a function`);
    if (typeof c.check !== 'function') {
      problems.push(`${label}: check(result, params) must be a function (every result is checked)`);
    }
    for (const key of ['metric', 'setup', 'teardown']) {
      if (c[key] !== undefined && typeof c[key] !== 'function')
        problems.push(`${label}: ${key} must be a function when given`);
    }
    if (c.set !== undefined && (typeof c.set !== 'string' || c.set.trim() === '')) {
      problems.push(`${label}: set must be a non-empty string when given, got ${JSON.stringify(c.set)}`);
    }
    if (
      c.ops !== undefined &&
      typeof c.ops !== 'function' &&
      !(typeof c.ops === 'number' && Number.isFinite(c.ops) && c.ops > 0)
    ) {
      problems.push(
        `${label}: ops must be a positive number, or a function of the params, when given; got ${JSON.stringify(c.ops)}`,
      );
    }
  });
  return problems;
}

/** @param {string} pattern */
function wildcard(pattern) {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
