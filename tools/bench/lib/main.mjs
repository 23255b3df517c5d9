// `pnpm bench`: select and load groups, run them, print, and optionally write docs / JSON.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { commandFor, parseCli, USAGE } from './cli.mjs';
import { machineInfo, obtainGc } from './env.mjs';
import { BenchUsageError, GroupDefinitionError } from './errors.mjs';
import { formatDuration } from './format.mjs';
import { listGroupNames, loadGroup, selectGroups } from './groups.mjs';
import { renderSection, replaceSection } from './markdown.mjs';
import { renderReport } from './report.mjs';
import { describeError, runGroup } from './runner.mjs';

/**
 * @typedef {import('./runner.mjs').GroupResult} GroupResult
 * @typedef {import('./runner.mjs').Progress} Progress
 *
 * @typedef {object} MainContext
 * @property {string} groupsDir
 * @property {string} docPath          docs/benchmarks.md
 * @property {string} [cwd]            for printing paths relative to it
 * @property {{ write(s: string): unknown, isTTY?: boolean }} stdout
 * @property {{ write(s: string): unknown, isTTY?: boolean }} stderr
 * @property {(p: { group: string, case?: string, phase?: string, round?: number, rounds?: number } | undefined) => void} [onPosition]
 *           told where the run is, so a process-level handler can name the case behind a crash
 */

const DEFAULTS = {
  full: { warmup: 2, samples: 10, timeout: 600 },
  smoke: { warmup: 1, samples: 2, timeout: 120 },
};

const NEW_DOC = `# Benchmarks

Sections below are written by \`pnpm bench <group> --write\`.
`;

/**
 * @param {readonly string[]} argv  arguments after the script name
 * @param {MainContext} ctx
 * @returns {Promise<number>} exit code: 0 all passed, 1 a group failed, 2 usage error
 */
export async function main(argv, ctx) {
  const out = (/** @type {string} */ s) => ctx.stdout.write(`${s}\n`);
  const err = (/** @type {string} */ s) => ctx.stderr.write(`${s}\n`);

  let opts;
  /** @type {string[]} */
  let names;
  try {
    opts = parseCli(argv);
    if (opts.help) {
      out(USAGE);
      return 0;
    }
    names = selectGroups(opts.groups, listGroupNames(ctx.groupsDir));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      err(`bench: ${error.message}`);
      return 2;
    }
    throw error;
  }

  if (opts.list) {
    for (const name of names) {
      try {
        const g = await loadGroup(ctx.groupsDir, name);
        out(`${name.padEnd(24)} ${g.description.trim().split('\n')[0]}`);
      } catch (error) {
        out(`${name.padEnd(24)} (cannot load: ${describeError(error)})`);
      }
    }
    return 0;
  }

  const mode = opts.smoke ? 'smoke' : 'full';
  const machine = machineInfo();
  const gc = obtainGc();
  const started = new Date();
  out(
    `@sched bench · ${mode} · Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · load ${machine.loadavg.join(' / ')} · gc between runs: ${gc ? 'yes' : 'no'}`,
  );
  out(`command: pnpm bench ${argv.join(' ')}`.trimEnd());

  /** @type {GroupResult[]} */
  const results = [];
  /** @type {{ group: string, message: string, detail?: string }[]} */
  const failures = [];
  const progress = makeProgress(ctx.stderr, opts.quiet);

  for (const name of names) {
    out('');
    let group;
    try {
      group = await loadGroup(ctx.groupsDir, name);
    } catch (error) {
      if (!(error instanceof GroupDefinitionError)) throw error;
      out(`== ${name}: FAILED to load`);
      err(error.message);
      failures.push({ group: name, message: firstLine(error.message) });
      continue;
    }
    const d = DEFAULTS[mode];
    const warmup = opts.warmup ?? (opts.smoke ? d.warmup : (group.warmup ?? d.warmup));
    const samples = opts.samples ?? (opts.smoke ? d.samples : (group.samples ?? d.samples));
    const timeoutMs = (opts.timeout ?? d.timeout) * 1000;

    // A group may opt out of the forced full GC before each run (`gcBetweenRuns: false`): it
    // resets the young generation, which penalises short allocation-heavy runs unrealistically.
    const groupGc = group.gcBetweenRuns === false ? undefined : gc;
    const result = await runGroup(group, {
      mode,
      warmup,
      samples,
      timeoutMs,
      gc: groupGc,
      onProgress: (e) => {
        ctx.onPosition?.({
          group: name,
          case: e.type === 'case-start' ? e.case : undefined,
          phase: e.phase,
          round: e.round,
          rounds: e.rounds,
        });
        progress(e);
      },
    });
    ctx.onPosition?.(undefined);
    progress(undefined);
    results.push(result);
    out(renderReport(result));

    if (!result.ok) {
      const f = result.failure;
      const detail = f?.error instanceof Error ? (f.error.stack ?? f.error.message) : undefined;
      failures.push({ group: name, message: f?.message ?? 'failed', ...(detail ? { detail } : {}) });
      continue;
    }
    if (opts.write) {
      const section = renderSection(result, {
        command: commandFor(name, opts),
        date: new Date(),
        machine,
        gc: groupGc !== undefined,
      });
      const before = existsSync(ctx.docPath) ? readFileSync(ctx.docPath, 'utf8') : NEW_DOC;
      const tmp = `${ctx.docPath}.${process.pid}.tmp`;
      writeFileSync(tmp, replaceSection(before, name, section));
      renameSync(tmp, ctx.docPath);
      out(`   wrote the "${name}" section of ${shown(ctx, ctx.docPath)}`);
    }
  }

  if (opts.json) {
    const payload = {
      date: started.toISOString(),
      command: `pnpm bench ${argv.join(' ')}`.trimEnd(),
      mode,
      machine,
      gc: gc !== undefined,
      groups: results.map((r) =>
        r.failure ? { ...r, failure: { ...r.failure, error: describeError(r.failure.error) } } : r,
      ),
      failures,
    };
    writeFileSync(opts.json, `${JSON.stringify(payload, null, 2)}\n`);
    out(`\nwrote ${opts.json}`);
  }

  out('');
  if (failures.length > 0) {
    err(`bench: ${failures.length} of ${names.length} group(s) FAILED:`);
    for (const f of failures) {
      err(`  ${f.group}: ${f.message}`);
      if (f.detail)
        err(
          f.detail
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n'),
        );
    }
    return 1;
  }
  out(
    `bench: ${names.length} group(s) passed, every result checked (${((Date.now() - started.getTime()) / 1000).toFixed(1)} s)`,
  );
  return 0;
}

/**
 * Progress on stderr: a live line on a terminal, one line per round otherwise.
 * @param {{ write(s: string): unknown, isTTY?: boolean }} stream
 * @param {boolean} quiet
 * @returns {(e: Progress | undefined) => void}  undefined: the group is done
 */
function makeProgress(stream, quiet) {
  if (quiet) return () => {};
  const tty = stream.isTTY === true;
  let live = false;
  return (e) => {
    if (e === undefined) {
      if (live) stream.write('\r\x1b[K');
      live = false;
      return;
    }
    const where = `[${e.group}] ${e.phase} ${e.round + 1}/${e.rounds}`;
    if (tty && e.type === 'case-start') {
      stream.write(`\r\x1b[K${where} · ${e.case} …`);
      live = true;
    } else if (!tty && e.type === 'round-end') {
      stream.write(`${where}: ${e.times.map((t) => `${t.case} ${formatDuration(t.ns)}`).join(' · ')}\n`);
    }
  };
}

/**
 * @param {MainContext} ctx
 * @param {string} path
 */
function shown(ctx, path) {
  return ctx.cwd ? relative(ctx.cwd, path) || path : path;
}

/** @param {string} s */
function firstLine(s) {
  return s.split('\n')[0] ?? s;
}
