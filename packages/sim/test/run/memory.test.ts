import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { many } from '@sched/sim';
import { describe, expect, it } from 'vitest';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory over many seeds', () => {
  it('stays flat over 30,000 seeds run back to back without the caller yielding to the event loop', async () => {
    const heap: number[] = [];
    await many(
      30_000,
      async (sim) => {
        sim.spawn(async (ctx) => {
          await ctx.yieldNow();
          return 1;
        });
        await sim.runUntilIdle();
      },
      {
        onProgress: (done) => {
          if (done === 2_000 || done === 30_000) {
            gc();
            heap.push(process.memoryUsage().heapUsed);
          }
        },
      },
    );

    const [early, late] = heap as [number, number];
    // Each leaked run held its simulator and trace (several KB): 28,000 of them would be > 50 MB.
    expect(late - early).toBeLessThan(8 * 1024 * 1024);
  });
});
