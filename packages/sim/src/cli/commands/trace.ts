import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replayDecisions } from '../../replay/replay-decisions.js';
import { renderHtmlTimeline } from '../../trace/html-timeline.js';
import { toPerfettoTrace } from '../../trace/perfetto-trace.js';
import { checkKnown, type ParsedArgs, stringOption } from '../args.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import { errorText } from '../error-text.js';
import { describeDecisions, readReplay } from './read-replay.js';

export const TRACE_HELP: string = `sched trace <file> (--html <out.html> | --perfetto <out.json>) [--scenario <module>#<export>]
  Replays a replay file and draws its trace: a self-contained HTML timeline (one row per task,
  deviations from the default order highlighted) or Chrome/Perfetto trace-event JSON.`;

/** `sched trace`. Exit status as `replay`: 1 when the run fails. */
export async function trace(args: ParsedArgs, io: CliIo): Promise<number> {
  checkKnown(args, ['html', 'perfetto', 'scenario']);
  const html = stringOption(args, 'html');
  const perfetto = stringOption(args, 'perfetto');
  if (html === undefined && perfetto === undefined)
    throw new CliUsageError('trace needs --html <file> or --perfetto <file>');
  const { file, fn } = await readReplay(args, io, 'trace');
  const outcome = await replayDecisions(fn, file.decisions);
  const { trace } = outcome.simulator;
  const spawnSite = (task: number): string | undefined => trace.spawnSite(task);
  const verdict = outcome.ok ? 'passed' : `failed: ${errorText(outcome.error)}`;
  if (html !== undefined) {
    const out = resolve(io.cwd, html);
    const page = renderHtmlTimeline(trace.events, {
      title: `${file.scenario} — ${describeDecisions(file)}`,
      subtitle: `found by ${file.strategy.name}; ${verdict}`,
      spawnSite,
    });
    writeFileSync(out, page);
    io.out(`wrote ${out}`);
  }
  if (perfetto !== undefined) {
    const out = resolve(io.cwd, perfetto);
    writeFileSync(out, JSON.stringify(toPerfettoTrace(trace.events, spawnSite)));
    io.out(`wrote ${out} (open it in ui.perfetto.dev)`);
  }
  io.out(verdict);
  return outcome.ok ? EXIT.ok : EXIT.failure;
}
