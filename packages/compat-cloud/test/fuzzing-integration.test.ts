// The seed's test_fuzzing_integration for the cloud facade: a fuzzer's bytes (here fast-check's)
// drive every scheduling decision of a Simulator run through ByteTapeSource; the same bytes
// replay the same run, different bytes reach different interleavings.
import { Simulator } from '@sched/compat-cloud/sim';
import { InvalidArgumentError } from '@sched/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Three requests' waitUntil work and a detached PlatformRuntime task, racing for one log. */
async function requests(simulator: Simulator): Promise<string> {
  const log: string[] = [];
  simulator.platformRuntime.spawn(async (ctx) => {
    await ctx.yieldNow();
    log.push('bg');
  });
  const contexts = ['a', 'b', 'c'].map((name) => simulator.executionContext(`GET /${name}`));
  const writes = contexts.map((ctx, i) =>
    ctx.waitUntil(async (c) => {
      log.push(`${'abc'[i]}1`);
      await c.yieldNow();
      log.push(`${'abc'[i]}2`);
    }),
  );
  await Promise.all(writes);
  return log.join(' ');
}

describe('test_fuzzing_integration (cloud)', () => {
  it('the same bytes replay the same run: value, schedule and trace hash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 48 }), async (bytes) => {
        const first = await Simulator.tape(bytes, requests);
        const again = await Simulator.tape(Uint8Array.from(bytes), requests);
        expect(first.ok, first.ok ? '' : String(first.error)).toBe(true);
        expect(again).toEqual(first);
        if (first.ok) expect(first.value.split(' ').sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'bg', 'c1', 'c2']);
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('the bytes drive the interleaving: different tapes reach different orders', async () => {
    const orders = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 5, maxLength: 48 }), async (bytes) => {
        const run = await Simulator.tape(bytes, requests);
        if (run.ok) orders.add(run.value);
        expect(run.consumed).toBeLessThanOrEqual(bytes.length);
      }),
      { seed: 11, numRuns: 60 },
    );
    expect(orders.size).toBeGreaterThan(5);
  });

  it('an all-zero tape takes the default (FIFO) choice at every decision, whatever its fallback', async () => {
    const zeros = await Simulator.tape(new Uint8Array(64), requests);
    expect(zeros.ok).toBe(true);
    expect(zeros.exhausted).toBe(false);
    expect(zeros.schedule.every((choice) => choice === 0)).toBe(true);
    expect(zeros.seed).toBe(0);
  });

  it('a failing body comes back as { ok: false } with the run that failed, and replays', async () => {
    const failing = async (simulator: Simulator) => {
      const order = await requests(simulator);
      if (order.startsWith('bg')) throw new Error(`background ran first: ${order}`);
      return order;
    };
    const details = await fc.check(
      fc.asyncProperty(fc.uint8Array({ maxLength: 48 }), async (bytes) => (await Simulator.tape(bytes, failing)).ok),
      { seed: 3, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const tape = details.counterexample?.[0] as Uint8Array;
    const replayed = await Simulator.tape(tape, failing);
    const again = await Simulator.tape(tape, failing);
    expect(replayed.ok).toBe(false);
    expect(!replayed.ok && String(replayed.error)).toMatch(/^Error: background ran first: bg /);
    expect(again.traceHash).toBe(replayed.traceHash);
    expect(again.schedule).toEqual(replayed.schedule);
  });

  it('the header seed feeds decisions past the end of a short tape', async () => {
    const short = Uint8Array.from([42, 0, 0, 0, 0]);
    const run = await Simulator.tape(short, requests);
    expect([run.seed, run.exhausted, run.consumed]).toEqual([42, true, 5]);
    expect(await Simulator.tape(short, requests)).toEqual(run);
  });

  it('rejects bytes that are not a Uint8Array with InvalidArgumentError, before running', async () => {
    let ran = false;
    const body = () => {
      ran = true;
    };
    await expect(Simulator.tape([1, 2, 3] as unknown as Uint8Array, body)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(ran).toBe(false);
  });
});
