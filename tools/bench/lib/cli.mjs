// Command-line options of `pnpm bench`. Pure functions, no I/O.

import { parseArgs } from 'node:util';
import { BenchUsageError } from './errors.mjs';

export const USAGE = `usage: pnpm bench [group ...] [options]      (same as: node tools/bench/run.mjs ...)

Runs each named group (all groups when none is named; "node-*" selects by pattern):
warm-up runs, then timed samples with the cases interleaved round-robin, every result
checked. Prints median, spread and ratios (subject vs each peer and vs the floor).

options:
  --smoke          small params (params.smoke), 1 warm-up, 2 samples, no ratio claims:
                   a correctness pass, as run in CI
  --samples N      timed samples per case (default: the group's, else 10; smoke: 2)
  --warmup N       warm-up runs per case (default: the group's, else 2; smoke: 1)
  --timeout S      fail a run() that has not settled after S seconds (default 600; smoke 120;
                   0 = no limit)
  --write          rewrite each group's section of docs/benchmarks.md (not with --smoke)
  --json FILE      also write every sample and summary as JSON to FILE
  --list           list the groups and their descriptions, run nothing
  --quiet          no progress lines on stderr
  -h, --help       this text`;

/**
 * @typedef {object} CliOptions
 * @property {string[]} groups
 * @property {boolean} smoke
 * @property {number | undefined} samples
 * @property {number | undefined} warmup
 * @property {number | undefined} timeout   seconds
 * @property {boolean} write
 * @property {string | undefined} json
 * @property {boolean} list
 * @property {boolean} quiet
 * @property {boolean} help
 */

/**
 * @param {readonly string[]} argv  arguments after the script name
 * @returns {CliOptions}
 */
export function parseCli(argv) {
  /** @type {ReturnType<typeof parseArgs>} */
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        smoke: { type: 'boolean', default: false },
        samples: { type: 'string' },
        warmup: { type: 'string' },
        timeout: { type: 'string' },
        write: { type: 'boolean', default: false },
        json: { type: 'string' },
        list: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new BenchUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const v = /** @type {Record<string, string | boolean | undefined>} */ (parsed.values);
  const opts = {
    // pnpm passes a literal "--" through when the user writes `pnpm bench -- floor`.
    groups: parsed.positionals.filter((p) => p !== '--'),
    smoke: v.smoke === true,
    samples: integer('--samples', v.samples, 1),
    warmup: integer('--warmup', v.warmup, 0),
    timeout: nonNegative('--timeout', v.timeout),
    write: v.write === true,
    json: typeof v.json === 'string' ? v.json : undefined,
    list: v.list === true,
    quiet: v.quiet === true,
    help: v.help === true,
  };
  if (opts.write && opts.smoke) {
    throw new BenchUsageError('--write records real figures and cannot be combined with --smoke');
  }
  if (opts.json === '') throw new BenchUsageError('--json needs a file name');
  return opts;
}

/**
 * The command that reproduces one group's figures, as written into docs/benchmarks.md.
 * @param {string} group
 * @param {CliOptions} opts
 * @returns {string}
 */
export function commandFor(group, opts) {
  const parts = ['pnpm bench', group];
  if (opts.smoke) parts.push('--smoke');
  if (opts.samples !== undefined) parts.push('--samples', String(opts.samples));
  if (opts.warmup !== undefined) parts.push('--warmup', String(opts.warmup));
  if (opts.timeout !== undefined) parts.push('--timeout', String(opts.timeout));
  if (opts.write) parts.push('--write');
  return parts.join(' ');
}

/**
 * @param {string} flag
 * @param {string | boolean | undefined} raw
 * @param {number} min
 */
function integer(flag, raw, min) {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new BenchUsageError(`${flag} needs an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * @param {string} flag
 * @param {string | boolean | undefined} raw
 */
function nonNegative(flag, raw) {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new BenchUsageError(`${flag} needs a number of seconds ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return n;
}
