import { setErrorReporter } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { many } from '../../src/index.js';

const log = (): void => {};
const realSetTimeout = globalThis.setTimeout;

describe('hooks a multi-seed run holds across its seeds', () => {
  it('leave a setTimeout installed during the run in place when the run ends', async () => {
    const replacement = ((...args: Parameters<typeof setTimeout>) => realSetTimeout(...args)) as typeof setTimeout;
    try {
      await many(
        3,
        async (sim) => {
          await sim.runUntilIdle();
          // Between seeds, something else (fake timers, a test double) replaces setTimeout.
          if (globalThis.setTimeout !== replacement && sim.now() === 0) globalThis.setTimeout = replacement;
        },
        { log },
      );
      expect(globalThis.setTimeout).toBe(replacement);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it('still see real timers called through a setTimeout installed during the run', async () => {
    const replacement = ((...args: Parameters<typeof setTimeout>) => realSetTimeout(...args)) as typeof setTimeout;
    let seed = 0;
    try {
      const run = many(
        3,
        async (sim) => {
          if (seed++ === 1) globalThis.setTimeout = replacement;
          sim.spawn(async () => {
            if (seed === 3) setTimeout(() => {}, 0).unref();
          });
          await sim.runUntilIdle();
        },
        { log },
      );
      await expect(run).rejects.toThrow(/setTimeout/);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it('route unobserved errors to the simulator after a reporter was set while another run held the hooks', async () => {
    // A run whose body never settles (a test that timed out) keeps holding the hooks.
    void many(1, () => new Promise<never>(() => {}), { log, stallTimeoutMs: 0 });
    const outside: unknown[] = [];
    const previous = setErrorReporter((error) => outside.push(error));
    try {
      const run = many(
        1,
        async (sim) => {
          sim
            .spawn(async () => {
              throw new Error('detached boom');
            })
            .detach();
          await sim.runUntilIdle();
        },
        { log },
      );
      await expect(run).rejects.toThrow(/detached boom/);
      expect(outside).toEqual([]);
    } finally {
      setErrorReporter(previous);
    }
  });
});
