// Runs one group: warm-up rounds, then timed sample rounds, cases interleaved round-robin,
// every result checked. No printing: progress is reported through a callback.

import { computeRatios } from './ratios.mjs';
import { summarize } from './stats.mjs';

/**
 * @typedef {'subject' | 'peer' | 'floor'} Role
 * @typedef {Record<string, unknown> & { ops?: number }} Params
 * @typedef {{ value: number, unit: string, better: 'lower' | 'higher' }} Metric
 *
 * @typedef {object} Case
 * @property {string} name
 * @property {Role} role
 * @property {(params: any) => unknown} run
 * @property {(result: any, params: any) => unknown} check   throws (or returns false) when wrong
 * @property {(result: any, params: any) => Metric} [metric]
 * @property {string} [set]      optional: ratios are only drawn between rows of the same set
 *                               (one group holding several scenarios side by side)
 * @property {number | ((params: any) => number)} [ops]  operations per run of this case,
 *                               overriding params.ops (for sets of different sizes)
 * @property {(params: any) => unknown} [setup]      optional, once before the first run, untimed
 * @property {(params: any) => unknown} [teardown]   optional, once after the last run, untimed
 *
 * @typedef {object} Group
 * @property {string} name
 * @property {string} description
 * @property {{ full: Params, smoke: Params }} params
 * @property {Case[]} cases
 * @property {number} [samples]   optional default sample count for full runs
 * @property {number} [warmup]    optional default warm-up count for full runs
 * @property {boolean} [gcBetweenRuns]  false: no forced full GC before each run (default true)
 * @property {(params: any) => unknown} [setup]
 * @property {(params: any) => unknown} [teardown]
 *
 * @typedef {object} Row
 * @property {string} name
 * @property {Role} role
 * @property {'time' | 'metric'} kind
 * @property {string} unit           'ns' for timed rows
 * @property {'lower' | 'higher'} better
 * @property {number[]} values       what the row is ranked by: ns per run, or the metric values
 * @property {number[]} times        ns per run (equal to values for timed rows)
 * @property {import('./stats.mjs').Summary} summary  of values
 * @property {number} [ops]          operations per run: the case's `ops`, else params.ops
 * @property {string} [set]          the case's set, when it has one
 *
 * @typedef {object} Failure
 * @property {string} group
 * @property {string | undefined} case   undefined for group-level setup/teardown
 * @property {'setup' | 'warm-up' | 'sample' | 'teardown'} phase
 * @property {number} index     0-based round index within the phase
 * @property {number} of        number of rounds in the phase
 * @property {'run' | 'check' | 'metric' | 'timeout' | 'hook'} kind
 * @property {string} message   one line, names the case, phase and round
 * @property {unknown} error
 *
 * @typedef {object} GroupResult
 * @property {string} name
 * @property {string} description
 * @property {'full' | 'smoke'} mode
 * @property {Params} params
 * @property {number} warmup
 * @property {number} samples
 * @property {boolean} ok
 * @property {Failure} [failure]
 * @property {Row[]} rows        empty when the group failed
 * @property {import('./ratios.mjs').Ratios} [ratios]
 * @property {number} durationMs
 *
 * @typedef {{ type: 'case-start', group: string, phase: 'warm-up' | 'sample', round: number, rounds: number, case: string }
 *   | { type: 'round-end', group: string, phase: 'warm-up' | 'sample', round: number, rounds: number, times: { case: string, ns: number }[] }} Progress
 *
 * @typedef {object} RunOptions
 * @property {'full' | 'smoke'} mode
 * @property {number} warmup
 * @property {number} samples
 * @property {number} [timeoutMs]     per run() call; 0 or absent: no limit
 * @property {(() => void) | undefined} [gc]   called before every run(), untimed
 * @property {(event: Progress) => void} [onProgress]
 * @property {() => number} [now]     clock in ns; process.hrtime.bigint by default
 */

const hrNow = () => Number(process.hrtime.bigint());

class CaseError extends Error {
  /**
   * @param {Failure['kind']} kind
   * @param {unknown} error
   */
  constructor(kind, error) {
    super(describeError(error));
    this.kind = kind;
    this.error = error;
  }
}

const TIMED_OUT = Symbol('timed out');

/**
 * @param {Group} group
 * @param {RunOptions} options
 * @returns {Promise<GroupResult>}
 */
export async function runGroup(group, options) {
  const { mode, warmup, samples } = options;
  const now = options.now ?? hrNow;
  const timeoutMs = options.timeoutMs ?? 0;
  const emit = options.onProgress ?? (() => {});
  const params = group.params[mode];
  const groupOps = typeof params.ops === 'number' ? params.ops : undefined;
  const started = Date.now();

  const states = group.cases.map((def) => ({
    def,
    /** @type {number[]} */ times: [],
    /** @type {number[]} */ values: [],
    /** @type {string | undefined} */ unit: undefined,
    /** @type {'lower' | 'higher' | undefined} */ better: undefined,
  }));

  /** @type {Failure | undefined} */
  let failure;
  /** @type {{ case: string | undefined, phase: Failure['phase'], index: number, of: number }} */
  let where = { case: undefined, phase: 'setup', index: 0, of: 1 };

  /**
   * @param {Failure['kind']} kind
   * @param {unknown} error
   * @returns {Failure}
   */
  const fail = (kind, error) => {
    const what = where.case === undefined ? `group "${group.name}"` : `case "${where.case}"`;
    const round = where.phase === 'warm-up' || where.phase === 'sample' ? ` ${where.index + 1}/${where.of}` : '';
    const label = {
      run: 'run() threw',
      check: 'check failed',
      metric: 'metric() failed',
      timeout: `run() did not settle within ${timeoutMs} ms`,
      hook: `${where.phase}() threw`,
    }[kind];
    return {
      group: group.name,
      case: where.case,
      phase: where.phase,
      index: where.index,
      of: where.of,
      kind,
      message: `${what}, ${where.phase}${round}: ${label}${kind === 'timeout' ? '' : `: ${describeError(error)}`}`,
      error,
    };
  };

  /**
   * One run() call: untimed gc, timed run, untimed check and metric.
   * @param {(typeof states)[number]} st
   * @returns {Promise<{ ns: number, metric: Metric | undefined }>}
   */
  const exec = async (st) => {
    const { def } = st;
    options.gc?.();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @type {Promise<typeof TIMED_OUT> | undefined} */
    const deadline =
      timeoutMs > 0
        ? new Promise((resolve) => {
            timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
          })
        : undefined;
    let result;
    let t1;
    const t0 = now();
    try {
      const pending = def.run(params);
      result = deadline ? await Promise.race([pending, deadline]) : await pending;
      t1 = now();
    } catch (error) {
      throw new CaseError('run', error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (result === TIMED_OUT) throw new CaseError('timeout', undefined);

    try {
      let verdict = def.check(result, params);
      if (isThenable(verdict)) verdict = await verdict;
      if (verdict === false) throw new Error('check() returned false');
    } catch (error) {
      throw new CaseError('check', error);
    }

    /** @type {Metric | undefined} */
    let metric;
    if (def.metric) {
      try {
        metric = validateMetric(def.metric(result, params), st);
      } catch (error) {
        throw new CaseError('metric', error);
      }
    }
    return { ns: t1 - t0, metric };
  };

  /**
   * @param {'warm-up' | 'sample'} phase
   * @param {number} round
   * @param {number} rounds
   */
  const runRound = async (phase, round, rounds) => {
    /** @type {{ case: string, ns: number }[]} */
    const times = [];
    // Rotate the starting case every round so no case always runs right after the same one.
    for (let k = 0; k < states.length; k++) {
      const st = /** @type {(typeof states)[number]} */ (states[(round + k) % states.length]);
      where = { case: st.def.name, phase, index: round, of: rounds };
      emit({ type: 'case-start', group: group.name, phase, round, rounds, case: st.def.name });
      const { ns, metric } = await exec(st);
      times.push({ case: st.def.name, ns });
      if (phase === 'sample') {
        st.times.push(ns);
        st.values.push(metric ? metric.value : ns);
      }
    }
    emit({ type: 'round-end', group: group.name, phase, round, rounds, times });
  };

  /**
   * @param {string | undefined} caseName
   * @param {'setup' | 'teardown'} phase
   * @param {((params: any) => unknown) | undefined} hook
   */
  const runHook = async (caseName, phase, hook) => {
    if (!hook) return;
    where = { case: caseName, phase, index: 0, of: 1 };
    try {
      await hook(params);
    } catch (error) {
      throw new CaseError('hook', error);
    }
  };

  /** @type {(number | undefined)[]} */
  const opsOf = [];
  let setUp = 0; // how many hooks' setup ran: 0 none, 1 group, 1 + i cases
  try {
    for (const st of states) {
      where = { case: st.def.name, phase: 'setup', index: 0, of: 1 };
      opsOf.push(caseOps(st.def, params, groupOps));
    }
    await runHook(undefined, 'setup', group.setup);
    setUp = 1;
    for (const st of states) {
      await runHook(st.def.name, 'setup', st.def.setup);
      setUp++;
    }
    for (let w = 0; w < warmup; w++) await runRound('warm-up', w, warmup);
    for (let s = 0; s < samples; s++) await runRound('sample', s, samples);
  } catch (error) {
    failure = error instanceof CaseError ? fail(error.kind, error.error) : fail('run', error);
  }
  // Tear down whatever was set up, in reverse; a teardown error fails the group too.
  for (let i = Math.min(setUp - 1, states.length) - 1; i >= 0; i--) {
    const st = /** @type {(typeof states)[number]} */ (states[i]);
    try {
      await runHook(st.def.name, 'teardown', st.def.teardown);
    } catch (error) {
      failure ??= fail('hook', error instanceof CaseError ? error.error : error);
    }
  }
  if (setUp > 0) {
    try {
      await runHook(undefined, 'teardown', group.teardown);
    } catch (error) {
      failure ??= fail('hook', error instanceof CaseError ? error.error : error);
    }
  }

  /** @type {GroupResult} */
  const base = {
    name: group.name,
    description: group.description,
    mode,
    params,
    warmup,
    samples,
    ok: failure === undefined,
    rows: [],
    durationMs: Date.now() - started,
  };
  if (failure) return { ...base, failure };

  /** @type {Row[]} */
  const rows = states.map((st, i) => {
    const ops = opsOf[i];
    return {
      name: st.def.name,
      role: st.def.role,
      kind: st.def.metric ? 'metric' : 'time',
      unit: st.unit ?? 'ns',
      better: st.better ?? 'lower',
      values: st.values,
      times: st.times,
      summary: summarize(st.values),
      ...(ops !== undefined ? { ops } : {}),
      ...(st.def.set !== undefined ? { set: st.def.set } : {}),
    };
  });
  return { ...base, rows, ratios: computeRatios(rows) };
}

/**
 * Operations per run of one case: its own `ops` (a number or a function of the params), else
 * the group's params.ops.
 * @param {Case} def
 * @param {Params} params
 * @param {number | undefined} groupOps
 * @returns {number | undefined}
 */
function caseOps(def, params, groupOps) {
  if (def.ops === undefined) return groupOps;
  const n = typeof def.ops === 'function' ? def.ops(params) : def.ops;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new TypeError(`ops must be a positive number of operations per run, got ${String(n)}`);
  }
  return n;
}

/**
 * @param {unknown} m
 * @param {{ unit: string | undefined, better: 'lower' | 'higher' | undefined }} st
 * @returns {Metric}
 */
function validateMetric(m, st) {
  if (typeof m !== 'object' || m === null)
    throw new TypeError(`metric() must return { value, unit, better }, got ${String(m)}`);
  const { value, unit, better } = /** @type {Record<string, unknown>} */ (m);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`metric value must be a finite number, got ${String(value)}`);
  }
  if (typeof unit !== 'string' || unit === '' || unit === 'ns') {
    throw new TypeError(`metric unit must be a non-empty string other than "ns", got ${JSON.stringify(unit)}`);
  }
  if (better !== 'lower' && better !== 'higher') {
    throw new TypeError(`metric better must be "lower" or "higher", got ${JSON.stringify(better)}`);
  }
  if (st.unit !== undefined && (st.unit !== unit || st.better !== better)) {
    throw new TypeError(`metric changed between runs: ${st.unit}/${st.better} then ${unit}/${better}`);
  }
  st.unit = unit;
  st.better = better;
  return { value, unit, better };
}

/**
 * @param {unknown} x
 * @returns {x is PromiseLike<unknown>}
 */
function isThenable(x) {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (/** @type {any} */ (x).then) === 'function'
  );
}

/** @param {unknown} error */
export function describeError(error) {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}
