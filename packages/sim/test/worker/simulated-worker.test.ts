import { NotCloneableError } from '@sched/core';
import { runOnSimulatedWorker, Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('runOnSimulatedWorker', () => {
  it('runs the function as a labelled background task and returns its result', async () => {
    const sim = new Simulator({ seed: 2 });

    const task = runOnSimulatedWorker(sim, 'sum', (a: number, b: number) => a + b, [2, 3]);
    await sim.runUntilIdle();

    expect(await task).toBe(5);
    expect(task.label).toBe('sum');
    expect(task.lane).toBe('background');
    expect(sim.trace.events.map((e) => [e.label, e.lane])).toEqual([['sum', 'background']]);
  });

  it('clones the arguments: mutating them inside the worker does not affect the caller', async () => {
    const sim = new Simulator();
    const input = { items: [1, 2, 3], meta: { seen: false } };

    const task = runOnSimulatedWorker(
      sim,
      'mutate',
      (arg: typeof input) => {
        arg.items.push(4);
        arg.meta.seen = true;
        return arg;
      },
      [input],
    );
    input.items.push(99); // after the call: the worker got a copy taken at call time
    await sim.runUntilIdle();
    const result = await task;

    expect(input).toEqual({ items: [1, 2, 3, 99], meta: { seen: false } });
    expect(result).toEqual({ items: [1, 2, 3, 4], meta: { seen: true } });
    expect(result).not.toBe(input);
  });

  it('clones the result: the caller gets a copy, not the worker’s object', async () => {
    const sim = new Simulator();
    const kept = { value: 1 };

    const task = runOnSimulatedWorker(sim, 'leak', () => kept, []);
    await sim.runUntilIdle();
    const result = await task;

    expect(result).toEqual({ value: 1 });
    expect(result).not.toBe(kept);
  });

  it('a function argument throws NotCloneableError synchronously, and nothing is spawned', () => {
    const sim = new Simulator();

    let error: unknown;
    try {
      runOnSimulatedWorker(sim, 'callback', (fn: () => number) => fn(), [() => 1]);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(NotCloneableError);
    expect((error as NotCloneableError).what).toBe('arguments');
    expect((error as NotCloneableError).code).toBe('ERR_NOT_CLONEABLE');
    expect((error as NotCloneableError).message).toContain(
      'arguments of worker task callback cannot be structured-cloned',
    );
    expect(sim.readyCount).toBe(0);
  });

  it('a non-cloneable result makes the task reject with NotCloneableError', async () => {
    const sim = new Simulator();

    const task = runOnSimulatedWorker(sim, 'returns a function', () => () => 1, []);
    await sim.runUntilIdle();

    const error = await Promise.resolve(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotCloneableError);
    expect((error as NotCloneableError).what).toBe('result');
  });

  it('an async function is awaited before its result is cloned', async () => {
    const sim = new Simulator({ autoAdvance: true });

    const task = runOnSimulatedWorker(sim, 'async', async (n: number) => new Map([[n, 'x']]), [7]);
    await sim.runUntilIdle();

    expect(await task).toEqual(new Map([[7, 'x']]));
  });

  it('the transfer list moves an ArrayBuffer: the caller’s copy is detached', async () => {
    const sim = new Simulator();
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;

    const task = runOnSimulatedWorker(
      sim,
      'length',
      (b: ArrayBuffer) => new Uint8Array(b).reduce((x, y) => x + y, 0),
      [buffer],
      {
        transfer: [buffer],
      },
    );

    expect(buffer.byteLength).toBe(0);
    await sim.runUntilIdle();
    expect(await task).toBe(36);
  });

  it('without a transfer list the buffer is copied', async () => {
    const sim = new Simulator();
    const buffer = new ArrayBuffer(16);

    const task = runOnSimulatedWorker(sim, 'size', (b: ArrayBuffer) => b.byteLength, [buffer]);
    await sim.runUntilIdle();

    expect(await task).toBe(16);
    expect(buffer.byteLength).toBe(16);
  });

  it('interleaves with other work under the seed', async () => {
    const firsts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const sim = new Simulator({ seed });
      const order: string[] = [];
      runOnSimulatedWorker(sim, 'worker', () => void order.push('worker'), []);
      sim.spawn(() => void order.push('main'), { lane: 'background' });
      await sim.runUntilIdle();
      firsts.add(order[0] as string);
    }

    expect(firsts).toEqual(new Set(['worker', 'main']));
  });
});
