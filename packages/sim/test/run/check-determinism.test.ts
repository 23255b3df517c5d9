import { checkDeterminism, NonDeterminismError, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { mixedScenario } from '../support/scenarios.js';

describe('checkDeterminism', () => {
  it('resolves with the common trace hash for a deterministic body', async () => {
    const reference = new Simulator({ seed: 17, jitterMs: 2, autoAdvance: true });
    await mixedScenario(reference);

    const hash = await checkDeterminism(mixedScenario, { seed: 17, jitterMs: 2 });

    expect(hash).toBe(reference.trace.hash);
  });

  it('detects injected non-determinism: spawn order that depends on a counter outside the simulator', async () => {
    let runs = 0;
    const body = async (sim: Simulator): Promise<void> => {
      runs++;
      const labels = runs === 1 ? ['a', 'b', 'c'] : ['a', 'c', 'b'];
      for (const label of labels) sim.spawn(() => {}, { label });
      await sim.runUntilIdle();
    };

    const error = await checkDeterminism(body, { order: 'fifo' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonDeterminismError);
    const divergence = error as NonDeterminismError;
    expect(divergence.code).toBe('ERR_SIM_NONDETERMINISM');
    expect(divergence.step).toBe(1);
    expect(divergence.message).toContain('fifo is not deterministic: runs diverge at step 2');
    expect(divergence.message).toContain('first run:  #2 t=0ms task 2 "b" start (foreground)');
    expect(divergence.message).toContain('second run: #2 t=0ms task 2 "c" start (foreground)');
    expect(runs).toBe(2);
  });

  it('detects a run that is shorter the second time, and names the seed', async () => {
    let runs = 0;
    const body = async (sim: Simulator): Promise<void> => {
      runs++;
      for (let i = 0; i < (runs === 1 ? 4 : 3); i++) sim.spawn(() => {}, { lane: 'background' });
      await sim.runUntilIdle();
    };

    const error = await checkDeterminism(body, { seed: 9 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonDeterminismError);
    expect((error as NonDeterminismError).message).toContain('seed 9 is not deterministic');
    expect((error as NonDeterminismError).message).toContain('second run: (ended)');
  });

  it('detects a difference in virtual time', async () => {
    let runs = 0;
    const body = async (sim: Simulator): Promise<void> => {
      runs++;
      sim.spawn((ctx) => ctx.sleep(runs === 1 ? 10 : 11), { label: 'sleeper' });
      await sim.runUntilIdle();
    };

    const error = await checkDeterminism(body).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonDeterminismError);
    expect((error as NonDeterminismError).message).toContain('t=10ms');
    expect((error as NonDeterminismError).message).toContain('t=11ms');
  });
});
