// Exact outputs of the trace renderers (Perfetto JSON, text timeline) and of isDeviation, written
// against the mutants that survived the first mutation run of src/trace (docs/mutation.md).
import { isDeviation, renderTimeline, toPerfettoTrace } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { traceEvent } from '../support/trace-event.js';

const event = traceEvent;

describe('isDeviation', () => {
  it('is true for a non-first choice, any jitter, or a delay above its minimum, and only then', () => {
    expect(isDeviation(event({}))).toBe(false);
    expect(isDeviation(event({ choice: { index: 0, of: 3 } }))).toBe(false);
    expect(isDeviation(event({ choice: { index: 1, of: 3 } }))).toBe(true);
    expect(isDeviation(event({ jitter: 0 }))).toBe(true);
    expect(isDeviation(event({ delays: [] }))).toBe(false);
    expect(isDeviation(event({ delays: [{ ms: 5, min: 5, max: 9 }] }))).toBe(false);
    expect(
      isDeviation(
        event({
          delays: [
            { ms: 5, min: 5, max: 9 },
            { ms: 6, min: 5, max: 9 },
          ],
        }),
      ),
    ).toBe(true);
    expect(isDeviation(event({ choice: { index: 0, of: 2 }, delays: [{ ms: 1, min: 1, max: 1 }] }))).toBe(false);
  });
});

describe('toPerfettoTrace: exact output', () => {
  it('names each thread once (label and site), offsets same-time steps by 1 µs, and marks deviations', () => {
    const events = [
      event({ step: 1, time: 0, task: 1, label: 'a', choice: { index: 1, of: 2 } }),
      event({ step: 2, time: 0, task: 2, notes: ['read', 'wrote'] }),
      event({ step: 3, time: 0, task: 1, kind: 'resume', lane: 'foreground', choice: { index: 0, of: 2 } }),
      event({ step: 4, time: 3, task: 0, label: 'timer', kind: 'timer', jitter: 2 }),
      event({ step: 5, time: 3, task: 2, kind: 'resume', delays: [{ ms: 4, min: 4, max: 8 }] }),
    ];
    const sites: Record<number, string> = { 1: 'a.ts:1:2' };

    const out = toPerfettoTrace(events, (task) => sites[task]);

    expect(out.displayTimeUnit).toBe('ms');
    expect(out.traceEvents).toEqual([
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'sched simulation' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'task 1 a @ a.ts:1:2' } },
      {
        name: 'start',
        cat: 'start',
        ph: 'X',
        pid: 1,
        tid: 1,
        ts: 0,
        dur: 1,
        args: { step: 1, virtualTimeMs: 0, lane: 'background', choice: '1 of 2' },
      },
      { name: 'deviation', cat: 'decision', ph: 'i', s: 't', pid: 1, tid: 1, ts: 0, args: { step: 1 } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'task 2' } },
      {
        name: 'read',
        cat: 'start',
        ph: 'X',
        pid: 1,
        tid: 2,
        ts: 1,
        dur: 1,
        args: { step: 2, virtualTimeMs: 0, lane: 'background', notes: 'read; wrote' },
      },
      {
        name: 'resume',
        cat: 'resume',
        ph: 'X',
        pid: 1,
        tid: 1,
        ts: 2,
        dur: 1,
        args: { step: 3, virtualTimeMs: 0, lane: 'foreground', choice: '0 of 2' },
      },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'host' } },
      {
        name: 'timer',
        cat: 'timer',
        ph: 'X',
        pid: 1,
        tid: 0,
        ts: 3000,
        dur: 1,
        args: { step: 4, virtualTimeMs: 3, lane: 'background' },
      },
      { name: 'deviation', cat: 'decision', ph: 'i', s: 't', pid: 1, tid: 0, ts: 3000, args: { step: 4 } },
      {
        name: 'resume',
        cat: 'resume',
        ph: 'X',
        pid: 1,
        tid: 2,
        ts: 3001,
        dur: 1,
        args: { step: 5, virtualTimeMs: 3, lane: 'background' },
      },
    ]);
  });

  it('without a spawn-site function, names threads by label alone', () => {
    const out = toPerfettoTrace([event({ task: 4, label: 'w' })]);
    expect(out.traceEvents[1]).toEqual({ name: 'thread_name', ph: 'M', pid: 1, tid: 4, args: { name: 'task 4 w' } });
  });
});

describe('renderTimeline: exact output', () => {
  it('draws header, rule and rows cell by cell, with marks, jitter, delays and host steps', () => {
    const events = [
      event({ step: 1, time: 0, task: 1, label: 'a', choice: { index: 1, of: 2 } }),
      event({ step: 2, time: 0, task: 2, kind: 'resume', notes: ['x', 'y'] }),
      event({ step: 3, time: 2, task: 0, label: 'timer', kind: 'timer' }),
      event({ step: 4, time: 12, task: 1, kind: 'call', jitter: 3 }),
      event({ step: 5, time: 12, task: 2, kind: 'resume', delays: [{ ms: 2, min: 1, max: 4 }] }),
    ];

    expect(renderTimeline(events, { columnWidth: 8 }).split('\n')).toEqual([
      ' step   time │ 1 a      │ 2',
      '─────────────┼──────────┼──────────',
      '*   1    0ms │ ▶ start  │',
      '    2    0ms │          │ ↻ x; y',
      '*   4   12ms │ · call … │',
      '*   5   12ms │          │ ↻ resum…',
    ]);
    expect(renderTimeline(events, { columnWidth: 40, showHost: true }).split('\n')).toEqual([
      ` step   time │ 1 a${' '.repeat(37)} │ 2${' '.repeat(39)} │ host`,
      `${'─'.repeat(13)}┼${'─'.repeat(42)}┼${'─'.repeat(42)}┼${'─'.repeat(42)}`,
      `*   1    0ms │ ▶ start${' '.repeat(33)} │${' '.repeat(41)} │`,
      `    2    0ms │${' '.repeat(41)} │ ↻ x; y${' '.repeat(34)} │`,
      `    3    2ms │${' '.repeat(41)} │${' '.repeat(41)} │ ⏰ timer`,
      `*   4   12ms │ · call (+3ms jitter)${' '.repeat(20)} │${' '.repeat(41)} │`,
      `*   5   12ms │${' '.repeat(41)} │ ↻ resume (delay 2ms of 1..4)${' '.repeat(12)} │`,
    ]);
  });

  it('heads an unlabelled task with its number alone, even in a one-character column', () => {
    expect(renderTimeline([event({ task: 1 })], { columnWidth: 1 }).split('\n')[0]).toBe(' step   time │ 1');
  });

  it('uses 30 columns by default and fits a text of exactly the width without an ellipsis', () => {
    const [header, rule, row] = renderTimeline([event({ notes: ['n'.repeat(28)] })]).split('\n');
    expect(header).toBe(' step   time │ 1');
    expect(rule).toBe(`${'─'.repeat(13)}┼${'─'.repeat(32)}`);
    expect(row).toBe(`    1    0ms │ ▶ ${'n'.repeat(28)}`);
    const [, , over] = renderTimeline([event({ notes: ['n'.repeat(29)] })]).split('\n');
    expect(over).toBe(`    1    0ms │ ▶ ${'n'.repeat(27)}…`);
  });
});
