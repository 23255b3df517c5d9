import { CallRunnable, hostInfo } from '@sched/core/host';
import { renderTimeline, Simulator, type TraceEvent } from '@sched/sim';
import { describe, expect, it } from 'vitest';

/** A run with two labelled tasks, notes, and a schedule that deviates at its second decision. */
async function annotatedRun(): Promise<Simulator> {
  const sim = new Simulator({ schedule: [0, 1], autoAdvance: true });
  for (const name of ['alpha', 'beta']) {
    sim.spawn(
      async (ctx) => {
        sim.annotate(`${name} read`);
        await ctx.sleep(1);
        sim.annotate(`${name} wrote`);
      },
      { label: name, lane: 'background' },
    );
  }
  await sim.runUntilIdle();
  return sim;
}

describe('renderTimeline', () => {
  it('draws one column per task labelled in the header, and the notes in the task’s column', async () => {
    const sim = await annotatedRun();

    const text = renderTimeline(sim.trace.events);
    const lines = text.split('\n');

    expect(lines[0]).toMatch(/step\s+time │ 1 alpha\s+│ 2 beta/);
    expect(lines[1]).toMatch(/^─+┼─+┼─+$/);
    const alphaRead = lines.find((l) => l.includes('alpha read')) as string;
    const betaRead = lines.find((l) => l.includes('beta read')) as string;
    expect(alphaRead).toMatch(/^ +1 +0ms │ ▶ alpha read/);
    // beta's note is in the second column: after the first column separator.
    expect(betaRead.indexOf('beta read')).toBeGreaterThan(betaRead.indexOf('│', betaRead.indexOf('│') + 1));
    expect(text).toContain('↻ alpha wrote');
    expect(text).toContain('↻ beta wrote');
    expect(text).not.toContain('host');
  });

  it("marks steps whose decision was not the first candidate with '*', and only those", async () => {
    const sim = await annotatedRun();
    const deviated = sim.trace.events.filter((e) => e.choice !== undefined && e.choice.index !== 0).map((e) => e.step);

    const rows = renderTimeline(sim.trace.events).split('\n').slice(2);
    const starred = rows.filter((r) => r.startsWith('*')).map((r) => Number(r.slice(1, 5)));

    expect(deviated.length).toBeGreaterThan(0);
    expect(starred).toEqual(deviated);
  });

  it("marks steps that added jitter with '*' and shows the jitter", () => {
    const event: TraceEvent = {
      step: 4,
      time: 2,
      task: 1,
      label: 'io',
      kind: 'resume',
      lane: 'foreground',
      session: 1,
      choice: undefined,
      jitter: 3,
      notes: ['read 100'],
    };

    const row = renderTimeline([event]).split('\n')[2];

    expect(row).toBe('*   4    2ms │ ↻ read 100 (+3ms jitter)');
  });

  it('shows host steps (a host timer dispatched with dispatchAfter) only when asked', async () => {
    const sim = new Simulator({ autoAdvance: true });
    sim.spawn(async (ctx) => ctx.sleep(2), { label: 'sleeper' });
    sim.dispatchAfter(1, new CallRunnable(hostInfo('tick'), () => {}, 'timer'));
    await sim.runUntilIdle();

    const withHost = renderTimeline(sim.trace.events, { showHost: true });

    expect(withHost.split('\n')[0]).toContain('host');
    expect(withHost).toContain('⏰ timer');
    expect(renderTimeline(sim.trace.events)).not.toContain('⏰');
  });

  it('truncates long cells to the column width with an ellipsis', () => {
    const event: TraceEvent = {
      step: 1,
      time: 0,
      task: 1,
      label: 'a label that is far too long for the column',
      kind: 'start',
      lane: 'background',
      session: undefined,
      choice: undefined,
      jitter: undefined,
      notes: ['a note that is also far too long'],
    };

    const [header, , row] = renderTimeline([event], { columnWidth: 10 }).split('\n');

    expect(header).toBe(' step   time │ 1 a label…');
    expect(row).toBe('    1    0ms │ ▶ a note …');
  });

  it('renders an empty trace as just the header', () => {
    expect(renderTimeline([]).split('\n')).toHaveLength(2);
  });
});
