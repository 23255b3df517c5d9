// Tests written for the mutants that survived in control/completion.ts (docs/mutation.md, core):
// adopting primitives, functions and Resume thenables, and what a `then` link under a probe does
// with a result or a rejection that nobody has chained on yet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Completion } from '../src/host.js';
import type { Runnable, TaskInfo } from '../src/index.js';
import { emittedDuring } from './support/process-events.js';
import { flush, observe, TestHost } from './support/test-host.js';

/** The awaiter every `then` below reports: a task on the foreground lane. */
const AWAITER: TaskInfo = {
  id: 41,
  label: 'awaiter',
  priority: 'normal',
  lane: 'foreground',
  sessionId: undefined,
  spawnLocation: undefined,
};

/** Runs each Runnable the moment it is dispatched, so a `then` link finishes inside the call. */
class ImmediateHost extends TestHost {
  override dispatchForeground(runnable: Runnable): void {
    this.ran.push({
      kind: runnable.kind,
      taskId: runnable.task.id,
      label: runnable.task.label,
      lane: 'foreground',
      priority: runnable.task.priority,
    });
    runnable.run();
  }
}

/** A host under a probe whose every `suspend()` reports {@link AWAITER}. */
function controlled<H extends TestHost>(make: () => H): H {
  const host = make();
  if (host.probe === undefined) throw new Error('expected a probe');
  host.probe.current = AWAITER;
  return host;
}

const primitives = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.bigInt(),
  fc.constant(undefined),
  fc.constant(null),
);

describe.each([false, true])('Completion.adopt of primitives (probe: %s)', (probe) => {
  it('property: fulfils with the value itself, reporting no suspension', async () => {
    await fc.assert(
      fc.asyncProperty(primitives, async (value) => {
        const host = new TestHost({ probe });
        const target = new Completion<unknown>(host);

        target.adopt(value);

        expect(target.isSettled).toBe(true); // at once: a primitive is never followed
        expect(host.probe?.suspendedIds ?? []).toEqual([]);
        const seen = observe(target);
        await flush();
        expect(seen.current).toEqual({ status: 'fulfilled', value });
      }),
      { numRuns: 60 },
    );
  });

  it('a symbol is fulfilled with as well', async () => {
    const host = new TestHost({ probe });
    const target = new Completion<symbol>(host);
    const value = Symbol('s');
    target.adopt(value);
    expect(target.isSettled).toBe(true);
    await expect(Promise.resolve(target)).resolves.toBe(value);
  });
});

describe('a then link under a probe', () => {
  it('adopting it (a Resume) follows its result without reporting another suspension', async () => {
    const host = controlled(() => new TestHost({ probe: true }));
    const source = new Completion<number>(host);
    const link = source.then((v) => v + 1); // one suspension: the link's own
    const target = new Completion<unknown>(host);

    target.adopt(link as PromiseLike<unknown>);
    source.resolve(1);
    await host.runAll();

    expect(host.probe?.suspendedIds).toEqual([AWAITER.id]);
    expect(target.isSettled).toBe(true);
    const seen = observe(target);
    host.probe!.current = undefined; // observe natively
    await flush();
    expect(seen.current).toEqual({ status: 'fulfilled', value: 2 });
  });

  it('adopting a link whose handler throws rejects with that error', async () => {
    const host = controlled(() => new TestHost({ probe: true }));
    const source = new Completion<number>(host);
    const boom = new Error('link failed');
    const link = source.then(() => {
      throw boom;
    });
    const target = new Completion<unknown>(host);

    target.adopt(link as PromiseLike<unknown>);
    source.resolve(1);
    await host.runAll();

    host.probe!.current = undefined;
    await expect(Promise.resolve(target)).rejects.toBe(boom);
    expect(host.probe?.suspendedIds).toEqual([AWAITER.id, undefined]);
  });

  it('follows a function that is a thenable, returned by a handler', async () => {
    const host = controlled(() => new ImmediateHost({ probe: true }));
    const source = new Completion<number>(host);
    source.resolve(3);
    const functionThenable = Object.assign(() => 'not called', {
      then: (resolve: (value: number) => void) => resolve(30),
    });
    const link = source.then(() => functionThenable as unknown as PromiseLike<number>);
    const received: unknown[] = [];

    // Chained under the probe too, so the value reaches the handler as the link settled with
    // it (a native promise in between would follow the thenable itself).
    link.then((value) => received.push(value));
    await flush();

    expect(received).toEqual([30]);
  });

  it('a link with no handler for its outcome passes the value or the reason through', async () => {
    const host = controlled(() => new ImmediateHost({ probe: true }));
    const ok = new Completion<number>(host);
    const bad = new Completion<number>(host);
    ok.resolve(8);
    bad.reject('no');
    const okLink = ok.then(undefined, () => -1);
    const badLink = bad.then((v) => v + 1);
    const okTarget = new Completion<unknown>(host);
    const badTarget = new Completion<unknown>(host);

    okTarget.adopt(okLink as PromiseLike<unknown>);
    badTarget.adopt(badLink as PromiseLike<unknown>);
    host.probe!.current = undefined;

    await expect(Promise.resolve(okTarget)).resolves.toBe(8);
    await expect(Promise.resolve(badTarget)).rejects.toBe('no');
  });
});

describe('a then link whose handler ran before anyone chained on it', () => {
  it('a fulfilled result raises nothing and is replayed to a later chain', async () => {
    const host = controlled(() => new ImmediateHost({ probe: true }));
    const source = new Completion<number>(host);
    source.resolve(5);
    let link: PromiseLike<number> | undefined;
    const unhandled = await emittedDuring('unhandledRejection', () => {
      link = source.then((v) => v * 3); // runs now: ImmediateHost
    });
    expect(unhandled).toEqual([]);
    expect(host.ran.map((r) => r.kind)).toEqual(['resume']);

    host.probe!.current = undefined;
    await expect(Promise.resolve(link)).resolves.toBe(15);
  });

  it('a rejection nobody chains on is raised as an unhandled rejection (as a native promise would)', async () => {
    const host = controlled(() => new ImmediateHost({ probe: true }));
    const source = new Completion<number>(host);
    source.resolve(5);
    const boom = new Error('thrown in a handler nobody chains on');

    const unhandled = await emittedDuring('unhandledRejection', () => {
      source.then(() => {
        throw boom;
      });
    });

    expect(unhandled).toEqual([boom]);
  });

  it('a rejection claimed by a chain in the same turn is delivered to it and raised nowhere', async () => {
    const host = controlled(() => new ImmediateHost({ probe: true }));
    const source = new Completion<number>(host);
    source.resolve(5);
    const boom = new Error('claimed');
    const delivered: Array<[string, unknown]> = [];

    const unhandled = await emittedDuring('unhandledRejection', async () => {
      const link = source.then(() => {
        throw boom;
      });
      // The handler has run (ImmediateHost); chaining now claims the held rejection.
      link.then(
        (value) => delivered.push(['fulfilled', value]),
        (reason: unknown) => delivered.push(['rejected', reason]),
      );
      await flush();
    });

    expect(unhandled).toEqual([]);
    expect(delivered).toEqual([['rejected', boom]]);
  });

  it('a link chained before its handler runs gets the rejection directly, and nothing is raised', async () => {
    const host = controlled(() => new TestHost({ probe: true }));
    const source = new Completion<number>(host);
    const boom = new Error('direct');
    const delivered: unknown[] = [];

    const unhandled = await emittedDuring('unhandledRejection', async () => {
      const link = source.then(() => {
        throw boom;
      });
      link.then(undefined, (reason: unknown) => delivered.push(reason));
      source.resolve(1);
      await host.runAll();
    });

    expect(unhandled).toEqual([]);
    expect(delivered).toEqual([boom]);
  });
});
