import type { Runnable, TaskInfo } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { firstDivergence, formatEvent, formatTrace, Simulator, Trace, type TraceEvent } from '@sched/sim';
import { describe, expect, it } from 'vitest';

function info(id: number, label?: string, sessionId?: number): TaskInfo {
  return { ...hostInfo(label ?? '', 'background'), id, label, sessionId };
}

function run(task: TaskInfo, kind: Runnable['kind'] = 'start'): Runnable {
  return new CallRunnable(task, () => {}, kind);
}

describe('Trace', () => {
  it('numbers tasks and sessions locally, in order of first appearance (0 is the host)', () => {
    const trace = new Trace(true);

    trace.record(run(info(907, 'x', 55)), 0);
    trace.record(run(info(12, 'y')), 1);
    trace.record(run(info(907, 'x', 55), 'resume'), 2);
    trace.record(run(hostInfo('timer'), 'timer'), 3);
    trace.record(run(info(3, 'z', 9)), 3);

    expect(trace.events.map((e) => [e.step, e.time, e.task, e.kind, e.session])).toEqual([
      [1, 0, 1, 'start', 1],
      [2, 1, 2, 'start', undefined],
      [3, 2, 1, 'resume', 1],
      [4, 3, 0, 'timer', undefined],
      [5, 3, 3, 'start', 2],
    ]);
    expect(trace.steps).toBe(5);
  });

  it('hashes steps: equal sequences hash equal, any difference changes the hash', () => {
    const build = (events: Array<[number, Runnable['kind'], number]>): Trace => {
      const trace = new Trace(false);
      for (const [id, kind, time] of events) trace.record(run(info(id), kind), time);
      return trace;
    };
    const base: Array<[number, Runnable['kind'], number]> = [
      [1, 'start', 0],
      [2, 'start', 0],
      [1, 'resume', 5],
    ];

    expect(build(base).hash).toBe(build(base).hash);
    expect(build([...base.slice(0, 2), [1, 'resume', 6]]).hash).not.toBe(build(base).hash);
    const renamed = base.map(([id, kind, time]) => [id * 1000, kind, time] as (typeof base)[number]);
    expect(build(renamed).hash).toBe(build(base).hash); // global ids do not matter, local numbers do
    expect(build([...base.slice(0, 2), [2, 'resume', 5]]).hash).not.toBe(build(base).hash);
    expect(build([...base.slice(0, 2), [1, 'call', 5]]).hash).not.toBe(build(base).hash);
  });

  it('keeps no events when told not to, but still counts and hashes', async () => {
    const light = new Simulator({ trace: false, seed: 3 });
    const full = new Simulator({ trace: true, seed: 3 });
    for (const sim of [light, full]) {
      for (let i = 0; i < 5; i++) sim.spawn(async (ctx) => ctx.yieldNow(), { lane: 'background' });
      await sim.runUntilIdle();
    }

    expect(light.trace.events).toEqual([]);
    expect(light.trace.steps).toBe(10);
    expect(light.trace.hash).toBe(full.trace.hash);
    expect(full.trace.events).toHaveLength(10);
  });

  it('records the choice made at each step (index of how many candidates)', async () => {
    const sim = new Simulator({ schedule: [2, 1, 0] });
    for (let i = 0; i < 4; i++) sim.spawn(() => {}, { lane: 'background', label: `t${i}` });

    await sim.runUntilIdle();

    expect(sim.trace.events.map((e) => e.choice)).toEqual([
      { index: 2, of: 4 },
      { index: 1, of: 3 },
      { index: 0, of: 2 },
      undefined,
    ]);
  });
});

describe('Trace: compact record, events built when read', () => {
  it('builds the same events whether read after every step or once at the end', () => {
    const steps: Array<[TaskInfo, Runnable['kind'], number, number, number]> = [
      [info(5, 'a', 7), 'start', 0, -1, 0],
      [info(6, 'b'), 'start', 0, 1, 2],
      [{ ...info(5, 'a', 7), lane: 'foreground' }, 'resume', 2.5, 0, 3],
      [hostInfo('fs.readFile'), 'call', 4, -1, 0],
    ];
    const eager = new Trace(true);
    const lazy = new Trace(true);
    const seen: TraceEvent[] = [];
    for (const [task, kind, time, index, of] of steps) {
      expect(eager.record(run(task, kind), time, undefined, index, of)).toBe(eager.steps);
      lazy.record(run(task, kind), time, undefined, index, of);
      seen.push(eager.events[eager.events.length - 1] as TraceEvent);
    }

    expect(lazy.events).toEqual(seen);
    expect(lazy.events).toEqual(eager.events);
    expect(lazy.events[1]).toEqual({
      step: 2,
      time: 0,
      task: 2,
      label: 'b',
      kind: 'start',
      lane: 'background',
      session: undefined,
      choice: { index: 1, of: 2 },
      jitter: undefined,
      notes: undefined,
    });
    expect(lazy.events.map((e) => [e.time, e.lane, e.label])).toEqual([
      [0, 'background', 'a'],
      [0, 'background', 'b'],
      [2.5, 'foreground', 'a'],
      [4, 'foreground', 'fs.readFile'],
    ]);
    expect(lazy.events[2]?.choice).toEqual({ index: 0, of: 3 });
  });

  it('attaches jitter, drawn delays and notes to their step, before or after the events were read', () => {
    const trace = new Trace(true);
    trace.record(run(info(1)), 0);
    trace.record(run(info(2)), 0);
    trace.addNote(1, 'early');
    const before = trace.events[1] as TraceEvent;
    trace.addJitter(2, 3);
    trace.addJitter(2, 1);
    trace.addDelay(2, { ms: 7, min: 5, max: 9 });
    trace.addNote(2, 'late');
    trace.addNote(9, 'no such step');

    expect(trace.events[0]?.notes).toEqual(['early']);
    expect(trace.events[0]).not.toHaveProperty('delays');
    expect(trace.events[1]).toBe(before);
    expect(before).toMatchObject({ jitter: 4, delays: [{ ms: 7, min: 5, max: 9 }], notes: ['late'] });
    expect(trace.events).toHaveLength(2);
  });

  it('keeps every field across chunk boundaries (over 4,096 steps)', () => {
    const trace = new Trace(true);
    const n = 9_000;
    for (let i = 0; i < n; i++) {
      const kind: Runnable['kind'] = i % 2 === 0 ? 'start' : 'resume';
      trace.record(run(info(1 + (i % 7), `t${i % 7}`, i % 3 === 0 ? 40 : undefined), kind), i / 2, undefined, i % 5, 5);
    }

    const events = trace.events;
    expect(events).toHaveLength(n);
    for (const i of [0, 31, 32, 4095, 4096, 4097, 8191, 8192, n - 1]) {
      expect(events[i]).toMatchObject({
        step: i + 1,
        time: i / 2,
        task: 1 + (i % 7),
        label: `t${i % 7}`,
        kind: i % 2 === 0 ? 'start' : 'resume',
        session: i % 3 === 0 ? 1 : undefined,
        choice: { index: i % 5, of: 5 },
      });
    }
  });

  it('tail builds only the last events; nothing is kept or attached without events', () => {
    const trace = new Trace(true);
    for (let i = 0; i < 30; i++) trace.record(run(info(i % 3)), i);

    expect(trace.eventCount).toBe(30);
    expect(trace.tail(4).map((e) => e.step)).toEqual([27, 28, 29, 30]);
    expect(trace.tail(100)).toHaveLength(30);

    const off = new Trace(false);
    off.record(run(info(1)), 0);
    off.addNote(1, 'dropped');
    expect(off.events).toEqual([]);
    expect(off.tail(5)).toEqual([]);
    expect(off.steps).toBe(1);
    expect(off.eventCount).toBe(0);
  });
});

describe('formatEvent / formatTrace', () => {
  const event = (patch: Partial<TraceEvent>): TraceEvent => ({
    step: 12,
    time: 5,
    task: 3,
    label: 'deposit',
    kind: 'resume',
    lane: 'foreground',
    session: undefined,
    choice: undefined,
    jitter: undefined,
    notes: undefined,
    ...patch,
  });

  it('formats one event per line with step, time, task, label, kind, lane, jitter and notes', () => {
    expect(formatEvent(event({}))).toBe('#12 t=5ms task 3 "deposit" resume (foreground)');
    expect(formatEvent(event({ label: undefined, lane: 'background' }))).toBe('#12 t=5ms task 3 resume (background)');
    expect(formatEvent(event({ task: 0, label: 'timer', kind: 'timer' }))).toBe('#12 t=5ms host timer (foreground)');
    expect(formatEvent(event({ jitter: 2, notes: ['read 100', 'wrote 150'] }))).toBe(
      '#12 t=5ms task 3 "deposit" resume (foreground) +2ms jitter — read 100; wrote 150',
    );
    expect(formatTrace([event({ step: 1 }), event({ step: 2 })])).toBe(
      '#1 t=5ms task 3 "deposit" resume (foreground)\n#2 t=5ms task 3 "deposit" resume (foreground)',
    );
    expect(formatTrace([])).toBe('');
  });

  it('firstDivergence finds the first differing event, or -1', () => {
    const a = [event({ step: 1 }), event({ step: 2 }), event({ step: 3 })];

    expect(
      firstDivergence(
        a,
        a.map((e) => ({ ...e })),
      ),
    ).toBe(-1);
    expect(firstDivergence(a, [a[0] as TraceEvent, event({ step: 2, notes: ['x'] })])).toBe(1);
    expect(firstDivergence(a, a.slice(0, 2))).toBe(2);
    expect(firstDivergence([], a)).toBe(0);
  });
});
