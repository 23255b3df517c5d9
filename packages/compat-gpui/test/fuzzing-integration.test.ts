// The seed's test_fuzzing_integration: a run of the facade whose every decision comes from a
// fuzzer's bytes (sim's ByteTapeSource), here with bytes from fast-check. The run must complete,
// and the same bytes must replay the identical run.
import { AsyncApp } from '@sched/compat-gpui';
import { ByteTapeSource, Simulator } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface Run {
  readonly finished: boolean[];
  readonly log: string[];
  readonly hash: number;
  readonly steps: number;
}

/** A small GPUI-style scenario: foreground work, background work, random delays and a timer. */
async function scenario(bytes: Uint8Array): Promise<Run> {
  const sim = new Simulator({ source: new ByteTapeSource(bytes), order: 'session-fifo' });
  const cx = new AsyncApp(sim);
  const executor = cx.backgroundExecutor;
  const log: string[] = [];
  const tasks = [
    cx.spawn(async () => {
      log.push('fg start');
      await executor.simulateRandomDelay();
      log.push('fg end');
      return 'fuzzed';
    }),
    ...['a', 'b', 'c'].map((name) =>
      cx.backgroundSpawn(async () => {
        await executor.simulateRandomDelay();
        log.push(name);
      }),
    ),
    cx.backgroundSpawn(async () => {
      await executor.timer(5);
      log.push('timer');
    }),
  ];
  await executor.runUntilParked();
  await executor.advanceClock(5);
  const finished = tasks.map((task) => task.isFinished);
  expect(await tasks[0]).toBe('fuzzed');
  for (const task of tasks.slice(1)) await task;
  return { finished, log, hash: sim.trace.hash, steps: sim.trace.steps };
}

describe('test_fuzzing_integration', () => {
  it("the seed's bytes drive a run that completes", async () => {
    const fuzzData = Uint8Array.from([
      0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x20, 0x30,
      0x40, 0x50, 0x60, 0x70, 0x80,
    ]);
    const run = await scenario(fuzzData);
    expect(run.finished).toEqual([true, true, true, true, true]);
    expect(run.log).toHaveLength(6);
  });

  it('any bytes: every task finishes, foreground stays in order, and the bytes replay the run exactly', async () => {
    const logs = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 64 }), async (bytes) => {
        const run = await scenario(bytes);
        expect(run.finished.every(Boolean)).toBe(true);
        expect(run.log.indexOf('fg start')).toBeLessThan(run.log.indexOf('fg end'));
        expect(run.log.slice().sort()).toEqual(['a', 'b', 'c', 'fg end', 'fg start', 'timer']);
        expect(await scenario(bytes)).toEqual(run);
        logs.add(run.log.join(','));
      }),
      { numRuns: 150, seed: 13 },
    );
    expect(logs.size).toBeGreaterThan(5); // the bytes really steer the order
  });
});
