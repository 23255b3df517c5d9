// The compact record of Trace, field by field, and the text helpers, written against the mutants
// that survived the first mutation run of src/trace (docs/mutation.md).
import type { Runnable, TaskInfo } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { firstDivergence, formatEvent, Trace, type TraceEvent } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { formatDelays } from '../../src/trace/trace.js';
import { traceEvent } from '../support/trace-event.js';

function info(id: number, label?: string, lane: TaskInfo['lane'] = 'foreground', sessionId?: number): TaskInfo {
  return {
    ...hostInfo(label ?? '', lane),
    id,
    label,
    sessionId,
    spawnLocation: label === undefined ? undefined : `${label}.ts:1:1`,
  };
}

const run = (task: TaskInfo, kind: Runnable['kind'] = 'start'): Runnable => new CallRunnable(task, () => {}, kind);

describe('Trace: each kind, lane and label survives the compact record', () => {
  it('builds every kind on both lanes, host labels per step, task labels per task', () => {
    const trace = new Trace(true);
    const kinds: Runnable['kind'][] = ['start', 'resume', 'timer', 'call'];
    for (const kind of kinds) trace.record(run(info(7, 'w', 'background'), kind), 1);
    for (const kind of kinds) trace.record(run(info(8, 'f', 'foreground'), kind), 2);
    for (const label of ['t1', 't1', 't2', 't1', undefined, 't2'])
      trace.record(run(hostInfo(label as string), 'timer'), 3);

    expect(trace.events.map((e) => [e.task, e.kind, e.lane, e.label])).toEqual([
      [1, 'start', 'background', 'w'],
      [1, 'resume', 'background', 'w'],
      [1, 'timer', 'background', 'w'],
      [1, 'call', 'background', 'w'],
      [2, 'start', 'foreground', 'f'],
      [2, 'resume', 'foreground', 'f'],
      [2, 'timer', 'foreground', 'f'],
      [2, 'call', 'foreground', 'f'],
      [0, 'timer', 'foreground', 't1'],
      [0, 'timer', 'foreground', 't1'],
      [0, 'timer', 'foreground', 't2'],
      [0, 'timer', 'foreground', 't1'],
      [0, 'timer', 'foreground', undefined],
      [0, 'timer', 'foreground', 't2'],
    ]);
    expect(trace.events.every((e) => e.choice === undefined && e.session === undefined)).toBe(true);
  });

  it('labels host steps right when the first host step has no label', () => {
    const trace = new Trace(true);
    for (const label of [undefined, 'x', 'y', undefined]) trace.record(run(hostInfo(label as string), 'call'), 0);
    expect(trace.events.map((e) => e.label)).toEqual([undefined, 'x', 'y', undefined]);
  });

  it('numbers sessions 1, 2 … by first appearance, and takes the caller’s local id when given', () => {
    const trace = new Trace(true);
    trace.record(run(info(50, 'a', 'foreground', 900)), 0);
    trace.record(run(info(51, 'b', 'foreground', 800)), 0);
    trace.record(run(info(52, 'c', 'foreground', 900)), 0, 9);
    expect(trace.events.map((e) => [e.task, e.session])).toEqual([
      [1, 1],
      [2, 2],
      [9, 1],
    ]);
    expect(trace.localTask(0)).toBe(0);
    expect(trace.localTask(51)).toBe(2);
    expect(trace.localTask(53)).toBe(3);
  });

  it('keeps the first TaskInfo of each task for its spawn site; host work has none', () => {
    const trace = new Trace(true);
    trace.record(run(info(4, 'first')), 0);
    trace.record(run({ ...info(4, 'second'), spawnLocation: 'other.ts:9:9' }), 1);
    trace.record(run(hostInfo('timer'), 'timer'), 2);
    expect(trace.spawnSite(1)).toBe('first.ts:1:1');
    expect(trace.events[1]?.label).toBe('first');
    expect(trace.spawnSite(0)).toBeUndefined();
    expect(new Trace(false).spawnSite(1)).toBeUndefined();
  });

  it('grows the first chunk 32 → 64 → … without losing a step, and hashes time as an integer', () => {
    const trace = new Trace(true);
    for (let i = 0; i < 200; i++) trace.record(run(info(1 + (i % 2), `t${i % 2}`)), i + 0.25, undefined, i, 200);
    expect(trace.events.map((e) => e.time)).toEqual(Array.from({ length: 200 }, (_, i) => i + 0.25));
    expect(trace.events.map((e) => e.choice?.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(trace.events.map((e) => e.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    const hashOf = (time: number): number => {
      const t = new Trace(false);
      t.record(run(info(1)), time);
      return t.hash;
    };
    expect(hashOf(5.75)).toBe(hashOf(5));
    expect(hashOf(5)).not.toBe(hashOf(6));
    // FNV-1a over (task 1, kind start = 1, time 0), unsigned.
    let h = 0x811c9dc5;
    for (const v of [1, 1, 0]) h = Math.imul(h ^ v, 0x01000193);
    expect(hashOf(0)).toBe(h >>> 0);
    expect(new Trace(true).hash).toBe(0x811c9dc5);
  });

  it('tail reads exactly the last events, built or not, and none for a count of 0', () => {
    const trace = new Trace(true);
    for (let i = 0; i < 5; i++) trace.record(run(info(1)), i);
    expect(trace.tail(0)).toEqual([]);
    expect(trace.tail(2).map((e) => e.step)).toEqual([4, 5]);
    const built = trace.events;
    expect(trace.tail(1)[0]).toBe(built[4]);
    expect(trace.tail(5)).toEqual(built);
  });

  it('ignores extras for step 0 and steps not yet recorded; adds them to the last one', () => {
    const trace = new Trace(true);
    trace.record(run(info(1)), 0);
    trace.addNote(0, 'zero');
    trace.addJitter(2, 5);
    trace.addDelay(2, { ms: 1, min: 0, max: 2 });
    trace.addJitter(1, 2);
    trace.addDelay(1, { ms: 3, min: 1, max: 4 });
    trace.addDelay(1, { ms: 2, min: 2, max: 2 });
    trace.record(run(info(1)), 0);
    expect(trace.events.map((e) => [e.jitter, e.delays, e.notes])).toEqual([
      [
        2,
        [
          { ms: 3, min: 1, max: 4 },
          { ms: 2, min: 2, max: 2 },
        ],
        undefined,
      ],
      [undefined, undefined, undefined],
    ]);
    expect(trace.events[1]).not.toHaveProperty('delays');
  });

  it('updates an already built event with delays and notes added later', () => {
    const trace = new Trace(true);
    trace.record(run(info(1)), 0);
    const built = trace.events[0] as TraceEvent;
    trace.addDelay(1, { ms: 4, min: 1, max: 9 });
    trace.addNote(1, 'a');
    trace.addNote(1, 'b');
    expect(built.delays).toEqual([{ ms: 4, min: 1, max: 9 }]);
    expect(built.notes).toEqual(['a', 'b']);
  });
});

describe('formatDelays / formatEvent / firstDivergence', () => {
  const event = (patch: Partial<TraceEvent>): TraceEvent => traceEvent({ step: 3, time: 1, task: 2, ...patch });

  it('formats drawn delays, alone and inside an event line', () => {
    expect(
      formatDelays([
        { ms: 17, min: 5, max: 50 },
        { ms: 1, min: 0, max: 2 },
      ]),
    ).toBe('delay 17ms of 5..50, delay 1ms of 0..2');
    expect(formatEvent(event({ delays: [{ ms: 17, min: 5, max: 50 }] }))).toBe(
      '#3 t=1ms task 2 start (background) delay 17ms of 5..50',
    );
  });

  it('firstDivergence compares content: a differing later field or a missing event on either side', () => {
    const a = [event({ step: 1 }), event({ step: 2 })];
    expect(firstDivergence(a, [event({ step: 1 }), event({ step: 2, lane: 'foreground' })])).toBe(1);
    expect(firstDivergence(a.slice(0, 1), a)).toBe(1);
    expect(firstDivergence([], [])).toBe(-1);
  });
});
