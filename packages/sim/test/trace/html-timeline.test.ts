import { isDeviation, renderHtmlTimeline, runOne, toPerfettoTrace } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';
import { traceEvent } from '../support/trace-event.js';

const event = traceEvent;

/** The failing run: racy (third of three) starts first, then the default order. */
async function failingRun() {
  const outcome = await runOne(lostUpdate, { schedule: [2] });
  expect(outcome.ok).toBe(false);
  return outcome.simulator.trace;
}

describe('renderHtmlTimeline', () => {
  it('draws one row per task with its label and spawn site, and highlights exactly the deviations', async () => {
    const trace = await failingRun();
    const html = renderHtmlTimeline(trace.events, { title: 'lost update', spawnSite: (t) => trace.spawnSite(t) });
    const rows = [...html.matchAll(/<tr class="row" data-task="(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows).toEqual([1, 2, 3]);
    for (const label of ['racy', 'a', 'b']) expect(html).toContain(`<span class="label">${label}</span>`);
    expect(html).toMatch(/<div class="site">[^<]*cli-scenarios\.mjs:\d+:\d+<\/div>/);
    const steps = [...html.matchAll(/<div class="step( deviation)?" data-step="(\d+)"/g)];
    expect(steps).toHaveLength(trace.events.length);
    const highlighted = steps.filter((m) => m[1] !== undefined).map((m) => Number(m[2]));
    expect(highlighted).toEqual(trace.events.filter(isDeviation).map((e) => e.step));
    expect(highlighted).toEqual([1]);
    expect(html).toContain('<span id="deviation-count">1</span>');
    expect(html).toContain('racy read 0');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('escapes labels and notes', () => {
    const html = renderHtmlTimeline([event({ label: '<b>&"', notes: ["<img src=x onerror='1'>"] })]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;b&#62;&#38;&#34;');
  });
});

describe('toPerfettoTrace', () => {
  it('emits valid trace-event JSON: named threads, ordered slices, deviation instants', async () => {
    const trace = await failingRun();
    const json = JSON.parse(JSON.stringify(toPerfettoTrace(trace.events, (t) => trace.spawnSite(t)))) as ReturnType<
      typeof toPerfettoTrace
    >;
    expect(json.displayTimeUnit).toBe('ms');
    for (const e of json.traceEvents) {
      expect(typeof e.name).toBe('string');
      expect(['X', 'i', 'M']).toContain(e.ph);
      expect(Number.isInteger(e.pid) && Number.isInteger(e.tid)).toBe(true);
      if (e.ph !== 'M') expect(Number.isFinite(e.ts)).toBe(true);
      if (e.ph === 'X') expect(e.dur).toBe(1);
      if (e.ph === 'i') expect(e.s).toBe('t');
    }
    const threads = json.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args?.name);
    expect(threads).toHaveLength(3);
    expect(threads[0]).toMatch(/^task 1 racy @ .*cli-scenarios\.mjs:\d+:\d+$/);
    const slices = json.traceEvents.filter((e) => e.ph === 'X');
    expect(slices.map((e) => e.args?.step)).toEqual(trace.events.map((e) => e.step));
    const ts = slices.map((e) => e.ts as number);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(new Set(ts).size).toBe(ts.length);
    expect(json.traceEvents.filter((e) => e.name === 'deviation').map((e) => e.args?.step)).toEqual([1]);
  });

  it('keeps virtual time: steps at 5 ms start at 5000 µs', () => {
    const out = toPerfettoTrace([event({ step: 1, time: 0 }), event({ step: 2, time: 5, task: 0, kind: 'timer' })]);
    expect(out.traceEvents.filter((e) => e.ph === 'X').map((e) => e.ts)).toEqual([0, 5000]);
  });
});
