import { failureReport, processReplayCommand, runOne } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { racyCounter } from '../support/scenarios.js';

describe('failureReport', () => {
  it('prints the seed, the replay command, the schedule and the trace tail', async () => {
    const outcome = await runOne((sim) => racyCounter(sim, 0), { seed: 3 });

    const report = failureReport(3, outcome.simulator, ({ seed }) => `SEED=${seed} run-it`, 2);
    const lines = report.split('\n');

    expect(lines[0]).toBe('Failing seed: 3');
    expect(lines[1]).toBe('Replay: SEED=3 run-it');
    expect(lines[2]).toBe(
      `Schedule (${outcome.simulator.schedule.length} decisions): ${outcome.simulator.schedule.join('.') || '-'}`,
    );
    expect(lines[3]).toBe(`Last 2 of ${outcome.simulator.trace.steps} steps:`);
    expect(lines.slice(4)).toHaveLength(2);
    expect(
      lines.slice(4).every((l) => /^ {2}#\d+ t=0ms task \d "inc [AB]" (start|resume) \(background\)$/.test(l)),
    ).toBe(true);
  });
});

describe('processReplayCommand', () => {
  it('puts SEED=N (or SCHEDULE=s) in front of the current command', () => {
    const saved = process.env.npm_lifecycle_event;
    const savedVitest = process.env.VITEST;
    try {
      process.env.npm_lifecycle_event = 'test';
      expect(processReplayCommand({ seed: 12 })).toBe('SEED=12 pnpm test');
      expect(processReplayCommand({ schedule: '0.1' })).toBe('SCHEDULE=0.1 pnpm test');
      // `npx` names no script: under vitest the replay is a vitest run, otherwise the node command.
      process.env.npm_lifecycle_event = 'npx';
      process.env.VITEST = 'true';
      expect(processReplayCommand({ seed: 3 })).toBe('SEED=3 npx vitest run');
      delete process.env.npm_lifecycle_event;
      delete process.env.VITEST;
      expect(processReplayCommand({ seed: 5 })).toMatch(/^SEED=5 node \S/);
    } finally {
      if (saved === undefined) delete process.env.npm_lifecycle_event;
      else process.env.npm_lifecycle_event = saved;
      if (savedVitest === undefined) delete process.env.VITEST;
      else process.env.VITEST = savedVitest;
    }
  });
});

describe('runOne', () => {
  it('reports success and failure without throwing, with the simulator that ran', async () => {
    const boom = new Error('x');

    const ok = await runOne(() => 'value', { seed: 1 });
    const failed = await runOne(() => Promise.reject(boom), { seed: 2 });

    expect(ok).toMatchObject({ ok: true, value: 'value' });
    expect(ok.simulator.description).toBe('seed 1');
    expect(failed).toMatchObject({ ok: false, error: boom });
  });
});
