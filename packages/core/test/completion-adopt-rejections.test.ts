import { describe, expect, it } from 'vitest';
import { Completion } from '../src/host.js';
import { spawn } from '../src/index.js';
import { TestHost } from './support/test-host.js';

describe.each([false, true])('Completion.adopt of a rejection (probe: %s)', (probe) => {
  it('adopting a Completion that rejects rejects with its reason (before or after it settles)', async () => {
    const host = new TestHost({ probe });
    const early = new Completion<number>(host);
    const late = new Completion<number>(host);
    const failed = new Completion<number>(host);
    failed.reject(new Error('already failed'));
    const source = new Completion<number>(host);

    early.adopt(failed);
    late.adopt(source);
    source.reject(new Error('failed later'));

    await expect(early).rejects.toThrow('already failed');
    await expect(late).rejects.toThrow('failed later');
  });

  it('adopting a Task that fails rejects with its error', async () => {
    const host = new TestHost({ probe });
    const task = spawn(host, async () => {
      throw new Error('task failed');
    });
    const target = new Completion<number>(host);

    target.adopt(task);
    await host.runAll();

    await expect(target).rejects.toThrow('task failed');
    expect(task.handling).toBe('awaited');
  });
});

describe('then() under a probe: chaining on a continuation that already ran', () => {
  it('a link chained after its handler ran still gets the handler result', async () => {
    const host = new TestHost({ probe: true });
    const source = new Completion<number>(host);
    source.resolve(2);
    const tick = new Completion<void>(host);
    tick.resolve();
    const results: number[] = [];

    spawn(host, async () => {
      const doubled = source.then((v) => v * 2); // a resume Runnable, run by the host as a step
      await tick; // the host runs the doubling first: nothing has chained on it yet
      results.push(await doubled);
    }).detach();
    await host.runAll();

    expect(results).toEqual([4]);
  });
});

describe.each([false, true])('Completion.adopt of values that are not promises (probe: %s)', (probe) => {
  it('fulfils with null and with a plain object, and follows a function that is a thenable', async () => {
    const host = new TestHost({ probe });
    const plain = { answer: 42 };
    const functionThenable = Object.assign(() => 'not called', {
      then: (resolve: (value: number) => void) => resolve(5),
    });
    const viaNull = new Completion<null>(host);
    const viaObject = new Completion<typeof plain>(host);
    const viaFunction = new Completion<number>(host);

    viaNull.adopt(null);
    viaObject.adopt(plain);
    viaFunction.adopt(functionThenable as unknown as PromiseLike<number>);
    await host.runAll();

    expect(await viaNull).toBeNull();
    expect(await viaObject).toBe(plain);
    expect(await viaFunction).toBe(5);
  });
});
