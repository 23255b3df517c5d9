import { describe, expect, it } from 'vitest';
import { many, RerunMismatchError } from '../../src/index.js';

describe('a body that reads the trace of a lean seed', () => {
  it('is told to pass { trace: true }', async () => {
    const error = await many(
      1,
      async (sim) => {
        sim.spawn(async () => {});
        await sim.runUntilIdle();
        if (sim.trace.eventCount === 0) throw new Error('no trace events');
      },
      { log: () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RerunMismatchError);
    expect((error as Error).message).toMatch(/pass \{ trace: true \}/);
    expect(((error as Error).cause as Error).message).toBe('no trace events');
  });

  it('sees the events with { trace: true }', async () => {
    const counts = await many(
      2,
      async (sim) => {
        sim.spawn(async () => {});
        await sim.runUntilIdle();
        return sim.trace.eventCount;
      },
      { trace: true },
    );
    expect(counts.every((n) => n > 0)).toBe(true);
  });
});
