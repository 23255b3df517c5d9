// Edges of the step driver: the first failure of a run wins, a flow that outlives its task
// under exact attribution, and test code awaiting an owned thenable between steps. Written
// against the survivors of the mutation runs of src/stepping/ (docs/mutation.md).
import { EscapeError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('step driver edges', () => {
  it('the first failure of a run is the one it rejects with (an escape before a detached failure)', async () => {
    const sim = new Simulator();
    const boom = new Error('detached failure after the escape');
    sim
      .spawn(
        async () => {
          setTimeout(() => {}, 0);
          throw boom;
        },
        { label: 'escapes then fails' },
      )
      .detach();
    const error = await sim.runUntilIdle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EscapeError);
    expect((error as EscapeError).kind).toBe('real-async');
    await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('with exact attribution, a flow that outlives its task may still await owned work', async () => {
    for (const seed of [0, 1, 2, 3]) {
      const sim = new Simulator({ seed, attribution: 'exact', autoAdvance: true });
      let flowDone: number | undefined;
      const short = sim.spawn(
        async (ctx) => {
          void (async () => {
            for (let i = 0; i < 5; i++) await null;
            await ctx.yieldNow();
            flowDone = sim.now();
          })();
          return 'short';
        },
        { label: 'short' },
      );
      const long = sim.spawn(
        async (ctx) => {
          for (let i = 0; i < 6; i++) await ctx.sleep(1);
          return 'long';
        },
        { label: 'long' },
      );
      await sim.runUntilIdle();
      expect([await short, await long]).toEqual(['short', 'long']);
      expect(flowDone).toBeTypeOf('number');
      expect(sim.escapes).toEqual([]);
    }
  });

  it('a native chain that awaits an owned thenable after the run went idle resolves natively, adding no step', async () => {
    const sim = new Simulator();
    const first = sim.spawn(async () => 'first', { label: 'first' });
    let got: string | undefined;
    sim.spawn(
      async () => {
        void (async () => {
          for (let i = 0; i < 30; i++) await null;
          got = await first;
        })();
      },
      { label: 'chain' },
    );
    await sim.runUntilIdle();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(got).toBe('first');
    expect(sim.trace.events.map((e) => `${e.label}:${e.kind}`).sort()).toEqual(['chain:start', 'first:start']);
  });
});
