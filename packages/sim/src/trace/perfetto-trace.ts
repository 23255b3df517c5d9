import { isDeviation } from './deviation.js';
import type { TraceEvent } from './trace-event.js';

/** One event of the Chrome trace-event format (the JSON that Perfetto and `chrome://tracing` open). */
export interface ChromeTraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'i' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly s?: 't';
  readonly args?: Readonly<Record<string, string | number>>;
}

/**
 * Converts a trace to Chrome trace-event JSON (`{ traceEvents, displayTimeUnit }`), which
 * ui.perfetto.dev and `chrome://tracing` open: one thread per task (named by its label and spawn
 * site), one complete (`X`) slice per step, and an instant (`i`) event named `deviation` on each
 * step that deviated from the default order. Virtual time is in milliseconds and steps take no
 * virtual time, so the steps that run at one virtual millisecond are laid out 1 µs apart, in order.
 */
export function toPerfettoTrace(
  events: readonly TraceEvent[],
  spawnSite: (task: number) => string | undefined = () => undefined,
): { readonly traceEvents: ChromeTraceEvent[]; readonly displayTimeUnit: 'ms' } {
  const out: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'sched simulation' } },
  ];
  const named = new Set<number>();
  let lastTime = Number.NaN;
  let offset = 0;
  for (const event of events) {
    if (!named.has(event.task)) {
      named.add(event.task);
      const site = spawnSite(event.task);
      const name =
        event.task === 0 ? 'host' : `task ${event.task}${event.label === undefined ? '' : ` ${event.label}`}`;
      out.push({
        name: 'thread_name',
        ph: 'M',
        pid: 1,
        tid: event.task,
        args: { name: site === undefined ? name : `${name} @ ${site}` },
      });
    }
    offset = event.time === lastTime ? offset + 1 : 0;
    lastTime = event.time;
    const ts = event.time * 1000 + offset;
    const args: Record<string, string | number> = { step: event.step, virtualTimeMs: event.time, lane: event.lane };
    if (event.choice !== undefined) args.choice = `${event.choice.index} of ${event.choice.of}`;
    if (event.notes !== undefined) args.notes = event.notes.join('; ');
    out.push({
      name: event.notes?.[0] ?? event.kind,
      cat: event.kind,
      ph: 'X',
      pid: 1,
      tid: event.task,
      ts,
      dur: 1,
      args,
    });
    if (isDeviation(event))
      out.push({
        name: 'deviation',
        cat: 'decision',
        ph: 'i',
        s: 't',
        pid: 1,
        tid: event.task,
        ts,
        args: { step: event.step },
      });
  }
  return { traceEvents: out, displayTimeUnit: 'ms' };
}
