import { isDeviation } from './deviation.js';
import { formatDelays } from './trace.js';
import type { TraceEvent } from './trace-event.js';

/** Options of {@link renderTimeline}. */
export interface TimelineOptions {
  /** Width of each task column (default 30). */
  readonly columnWidth?: number;
  /** Show steps of host work such as timer fires (default false). */
  readonly showHost?: boolean;
}

const MARK = { start: '▶', resume: '↻', timer: '⏰', call: '·' } as const;

/**
 * Draws a trace as a timeline: one column per task, one row per step, notes made with
 * `sim.annotate()` in the task's column. Steps where the schedule deviated from the default
 * (another candidate than the first, delay jitter, or a drawn delay above its minimum) are marked `*`: these are the decisions
 * that make the interleaving.
 *
 * ```
 * step  time │ 1 deposit A                  │ 2 deposit B
 * ───────────┼──────────────────────────────┼──────────────────────────────
 *    1   0ms │ ▶ read balance → 100         │
 *  * 2   0ms │                              │ ▶ read balance → 100
 * ```
 */
export function renderTimeline(events: readonly TraceEvent[], options: TimelineOptions = {}): string {
  const width = options.columnWidth ?? 30;
  const shown = events.filter((e) => options.showHost === true || e.task !== 0);
  const columns: number[] = [];
  const labels = new Map<number, string | undefined>();
  for (const event of shown) {
    if (!labels.has(event.task)) {
      labels.set(event.task, event.label);
      columns.push(event.task);
    }
  }
  const cell = (text: string): string => {
    const chars = [...text];
    return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text + ' '.repeat(width - chars.length);
  };
  const header = `${'step'.padStart(5)} ${'time'.padStart(6)} │${columns.map((t) => ` ${cell(t === 0 ? 'host' : `${t} ${labels.get(t) ?? ''}`.trim())}`).join(' │')}`;
  const rule = `${'─'.repeat(13)}┼${columns.map(() => '─'.repeat(width + 2)).join('┼')}`;
  const rows = shown.map((event) => {
    const deviated = isDeviation(event) ? '*' : ' ';
    const time = `${event.time}ms`.padStart(6);
    const jitter = event.jitter === undefined ? '' : ` (+${event.jitter}ms jitter)`;
    const delays = event.delays === undefined ? '' : ` (${formatDelays(event.delays)})`;
    const text = `${MARK[event.kind]} ${event.notes?.join('; ') ?? event.kind}${jitter}${delays}`;
    const cells = columns.map((t) => ` ${cell(t === event.task ? text : '')}`);
    return `${deviated}${String(event.step).padStart(4)} ${time} │${cells.join(' │')}`.trimEnd();
  });
  return [header.trimEnd(), rule, ...rows].join('\n');
}
