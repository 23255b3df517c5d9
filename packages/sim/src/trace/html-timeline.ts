import { isDeviation } from './deviation.js';
import { formatDelays } from './trace.js';
import type { TraceEvent } from './trace-event.js';

/** Options of {@link renderHtmlTimeline}. */
export interface HtmlTimelineOptions {
  /** Page title (default `sched trace`). */
  readonly title?: string | undefined;
  /** A line under the title, e.g. the scenario and its schedule. */
  readonly subtitle?: string | undefined;
  /** Where each task (by local number) was spawned; see `Trace.spawnSite`. */
  readonly spawnSite?: ((task: number) => string | undefined) | undefined;
}

const MARK = { start: '▶', resume: '↻', timer: '⏰', call: '·' } as const;
const STEP_WIDTH = 120;

/**
 * Draws a trace as one self-contained HTML page (inline CSS, no script, nothing fetched): one row
 * per task, steps left to right in the order they ran under a virtual-time ruler, each step with
 * its kind, its notes (or kind), and its task's label and spawn site. Steps that deviated from
 * the default order (see {@link isDeviation}) are highlighted: they are the decisions that make
 * the interleaving. Elements carry `data-task` / `data-step` attributes for tools.
 */
export function renderHtmlTimeline(events: readonly TraceEvent[], options: HtmlTimelineOptions = {}): string {
  const tasks: number[] = [];
  const labels = new Map<number, string | undefined>();
  for (const event of events) {
    if (!labels.has(event.task)) {
      labels.set(event.task, event.label);
      tasks.push(event.task);
    }
  }
  const width = Math.max(1, events.length) * STEP_WIDTH;
  let lastTime: number | undefined;
  const ticks = events
    .map((event, i) => {
      if (event.time === lastTime) return '';
      lastTime = event.time;
      return `<span class="tick" style="left:${i * STEP_WIDTH}px">${event.time}ms</span>`;
    })
    .join('');
  const rows = tasks.map((task) => {
    const site = options.spawnSite?.(task);
    const name = task === 0 ? 'host' : `task ${task}`;
    const label = labels.get(task);
    const head = `<th class="task-head"><b>${escapeHtml(name)}</b>${label === undefined ? '' : ` <span class="label">${escapeHtml(label)}</span>`}<div class="site">${escapeHtml(site ?? (task === 0 ? 'timers and host work' : 'spawn site not captured'))}</div></th>`;
    const steps = events.map((event, i) => (event.task === task ? stepBox(event, i, site) : '')).join('');
    return `<tr class="row" data-task="${task}">${head}<td><div class="lane" style="width:${width}px">${steps}</div></td></tr>`;
  });
  const deviations = events.filter(isDeviation).length;
  const title = options.title ?? 'sched trace';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:13px/1.35 system-ui,sans-serif;margin:16px;color:#1d1d1f;background:#fff}
h1{font-size:18px;margin:0 0 4px}.sub{color:#555;margin:0 0 12px}
table{border-collapse:collapse}th,td{border-top:1px solid #ddd;padding:0;vertical-align:top}
.task-head{text-align:left;padding:6px 10px;min-width:180px;max-width:260px;background:#f6f6f8;position:sticky;left:0}
.label{color:#0b5cad}.site{font:11px ui-monospace,monospace;color:#666;word-break:break-all}
.lane,.ruler{position:relative;height:62px}.ruler{height:20px}
.tick{position:absolute;top:2px;font:11px ui-monospace,monospace;color:#444;border-left:1px solid #999;padding-left:3px}
.step{position:absolute;top:5px;width:${STEP_WIDTH - 8}px;height:52px;box-sizing:border-box;border:1px solid #9ab;border-radius:4px;background:#eef4fb;padding:2px 4px;overflow:hidden;font-size:11px}
.step .n{color:#777}.step.deviation{background:#ffe9c7;border:2px solid #d9480f}
.legend{margin:8px 0;font-size:12px}.legend .step{position:static;display:inline-block;width:auto;height:auto;margin-right:8px}
</style></head><body>
<h1>${escapeHtml(title)}</h1>${options.subtitle === undefined ? '' : `<p class="sub">${escapeHtml(options.subtitle)}</p>`}
<div class="legend"><span class="step">step: default order</span><span class="step deviation">deviation from the default order</span> ${events.length} steps, ${tasks.length} rows, <span id="deviation-count">${deviations}</span> deviation${deviations === 1 ? '' : 's'} from the default order</div>
<table><thead><tr><th class="task-head">virtual time →</th><td><div class="ruler" style="width:${width}px">${ticks}</div></td></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</body></html>
`;
}

function stepBox(event: TraceEvent, index: number, site: string | undefined): string {
  const deviation = isDeviation(event);
  const text = event.notes?.join('; ') ?? event.kind;
  const choice = event.choice === undefined ? '' : `choice ${event.choice.index} of ${event.choice.of}`;
  const extras = [
    choice,
    event.jitter === undefined ? '' : `+${event.jitter}ms jitter`,
    event.delays === undefined ? '' : formatDelays(event.delays),
  ].filter((part) => part !== '');
  const tip = [`step ${event.step} at ${event.time}ms`, `${event.kind} (${event.lane})`, ...extras, site ?? ''].filter(
    (part) => part !== '',
  );
  return `<div class="step${deviation ? ' deviation' : ''}" data-step="${event.step}" data-task="${event.task}" style="left:${index * STEP_WIDTH}px" title="${escapeHtml(tip.join('\n'))}"><span class="n">#${event.step} ${MARK[event.kind]}</span> ${escapeHtml(text)}${extras.length === 0 ? '' : `<br><span class="n">${escapeHtml(extras.join(', '))}</span>`}</div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
