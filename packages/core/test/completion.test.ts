import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Completion } from '../src/host.js';
import { Session, spawn } from '../src/index.js';
import { flush, observe, TestHost } from './support/test-host.js';

describe('Completion without a probe (production): behaves like a native promise', () => {
  it('resolves awaiters with the value and dispatches nothing', async () => {
    const host = new TestHost();
    const c = new Completion<number>(host);
    const seen = observe(c);

    expect(c.resolve(7)).toBe(true);
    await flush();

    expect(seen.current).toEqual({ status: 'fulfilled', value: 7 });
    expect(await c).toBe(7);
    expect(host.dispatched).toEqual([]);
  });

  it('then() returns a real Promise and chains return values', async () => {
    const host = new TestHost();
    const c = new Completion<number>(host);
    const chained = c.then((v) => v + 1).then((v) => `${v * 2}`);

    c.resolve(20);

    expect(chained).toBeInstanceOf(Promise);
    await expect(chained).resolves.toBe('42');
  });

  it('adopts a thenable returned from onFulfilled', async () => {
    const host = new TestHost();
    const c = new Completion<number>(host);
    const other = new Completion<string>(host);
    const chained = c.then(() => other);
    c.resolve(1);
    other.resolve('adopted');
    await expect(chained).resolves.toBe('adopted');
  });

  it('rejection handlers: recover, rethrow, pass through', async () => {
    const host = new TestHost();
    const c = new Completion<number>(host);
    const boom = new Error('boom');
    const recovered = c.then(undefined, (e: unknown) => (e === boom ? 'recovered' : 'wrong'));
    const passedThrough = c.then((v) => v + 1);
    const rethrown = c.then(undefined, () => {
      throw new TypeError('mapped');
    });
    const viaCatchStyle = Promise.resolve(c).catch((e: unknown) => e);

    expect(c.reject(boom)).toBe(true);

    await expect(recovered).resolves.toBe('recovered');
    await expect(passedThrough).rejects.toBe(boom);
    await expect(rethrown).rejects.toThrow(TypeError);
    await expect(viaCatchStyle).resolves.toBe(boom);
  });

  it('a throwing onFulfilled rejects the derived promise', async () => {
    const host = new TestHost();
    const c = new Completion<number>(host);
    const err = new Error('in handler');
    const derived = c.then(() => {
      throw err;
    });
    c.resolve(1);
    await expect(derived).rejects.toBe(err);
  });

  it('calls handlers asynchronously, never inside then() or resolve()', async () => {
    const host = new TestHost();
    const c = new Completion<string>(host);
    c.resolve('x');
    const order: string[] = [];

    void c.then(() => order.push('handler'));
    order.push('after then');
    await flush();

    expect(order).toEqual(['after then', 'handler']);
  });

  it('then() after settling works, for values and for errors', async () => {
    const host = new TestHost();
    const ok = new Completion<number>(host);
    const bad = new Completion<number>(host);
    ok.resolve(3);
    bad.reject('nope');
    await flush();
    await expect(ok).resolves.toBe(3);
    await expect(bad).rejects.toBe('nope');
  });

  it('settles once: later resolve/reject return false and change nothing', async () => {
    const host = new TestHost();
    const c = new Completion<string>(host);
    expect(c.isSettled).toBe(false);
    expect(c.resolve('first')).toBe(true);
    expect(c.isSettled).toBe(true);
    expect(c.resolve('second')).toBe(false);
    expect(c.reject(new Error('late'))).toBe(false);
    await expect(c).resolves.toBe('first');
  });

  it('property: the first settle wins, for every awaiter, whenever they subscribe', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ok: fc.boolean(), value: fc.integer() }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        async (settles, before, after) => {
          const host = new TestHost();
          const c = new Completion<number>(host);
          const early = Array.from({ length: before }, () => observe(c));
          const results = settles.map((s) => (s.ok ? c.resolve(s.value) : c.reject(s.value)));
          const late = Array.from({ length: after }, () => observe(c));
          await flush();

          const first = settles[0] as { ok: boolean; value: number };
          expect(results).toEqual(settles.map((_, i) => i === 0));
          const expected = first.ok
            ? { status: 'fulfilled', value: first.value }
            : { status: 'rejected', reason: first.value };
          for (const o of [...early, ...late]) expect(o.current).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: many pending completions awaited at once each settle only their own awaiters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ok: fc.boolean(), value: fc.integer() }), { minLength: 1, maxLength: 8 }),
        fc.func(fc.integer()),
        async (outcomes, orderKey) => {
          const host = new TestHost();
          const completions = outcomes.map(() => new Completion<number>(host));
          // Every one gets its native promise (made by then) before any settles.
          const seen = completions.map((c) => observe(c));
          const order = outcomes.map((_, i) => i).sort((a, b) => orderKey(a) - orderKey(b) || a - b);
          for (const i of order) {
            const { ok, value } = outcomes[i] as { ok: boolean; value: number };
            if (ok) completions[i]?.resolve(value);
            else completions[i]?.reject(value);
          }
          await flush();

          expect(seen.map((o) => o.current)).toEqual(
            outcomes.map(({ ok, value }) =>
              ok ? { status: 'fulfilled', value } : { status: 'rejected', reason: value },
            ),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a rejected completion nobody awaits raises no unhandled rejection', async () => {
    const host = new TestHost();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      new Completion<number>(host).reject(new Error('nobody listens'));
      await flush();
      await flush();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('Completion with a probe (simulator path)', () => {
  it('a task awaiting it is suspended; the value arrives through a resume Runnable on its lane', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<number>(host);
    const seen: number[] = [];
    const task = spawn(
      host,
      async () => {
        seen.push(await c);
        return 'done';
      },
      { label: 'waiter', priority: 'user-blocking' },
    );
    await host.runAll();
    expect(host.probe?.suspendedIds).toEqual([task.id]);
    const dispatchedBefore = host.dispatched.length;

    c.resolve(99);

    // Settling does not wake the task directly: it dispatches exactly one resume Runnable.
    expect(seen).toEqual([]);
    expect(host.pending).toBe(1);
    expect(host.dispatched.slice(dispatchedBefore)).toEqual([
      { kind: 'resume', taskId: task.id, label: 'waiter', lane: 'foreground', priority: 'user-blocking' },
    ]);

    await flush();
    expect(seen).toEqual([]);

    expect(await host.step()).toBe(true);
    expect(seen).toEqual([99]);
    expect(task.state).toBe('succeeded');
  });

  it('a background awaiter is resumed with dispatchBackground', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<string>(host);
    const task = spawn(host, async () => `got ${await c}`, { lane: 'background' });
    await host.runAll();
    const before = host.dispatched.length;

    c.resolve('v');
    await host.runAll();

    expect(host.dispatched.slice(before).map((d) => [d.kind, d.lane, d.taskId])).toEqual([
      ['resume', 'background', task.id],
    ]);
    await expect(task).resolves.toBe('got v');
  });

  it('delivers rejections to the awaiter through a resume Runnable', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<number>(host);
    const boom = new Error('probe boom');
    let caught: unknown;
    const task = spawn(host, async () => {
      try {
        await c;
      } catch (error) {
        caught = error;
      }
    });
    await host.runAll();

    c.reject(boom);
    expect(caught).toBeUndefined();
    await host.runAll();

    expect(caught).toBe(boom);
    expect(host.ran.filter((r) => r.kind === 'resume').map((r) => r.taskId)).toEqual([task.id]);
  });

  it('then() handlers run inside the resume, with chaining and recovery', async () => {
    const host = new TestHost({ probe: true });
    const ok = new Completion<number>(host);
    const bad = new Completion<number>(host);
    const task = spawn(host, async () => {
      const a = await ok.then((v) => v * 2);
      const b = await bad.then(
        () => 'unreachable',
        (e: unknown) => `recovered ${String(e)}`,
      );
      const c = await ok.then(undefined, () => -1);
      const d = await bad
        .then((v) => v)
        .then(
          () => 'no',
          (e: unknown) => `passed ${String(e)}`,
        );
      const e = await ok
        .then(() => {
          throw new Error('thrown in handler');
        })
        .then(
          () => 'no',
          (err: unknown) => (err as Error).message,
        );
      return [a, b, c, d, e];
    });
    await host.runAll();
    ok.resolve(21);
    bad.reject('x');

    await host.runAll();

    await expect(task).resolves.toEqual([42, 'recovered x', 21, 'passed x', 'thrown in handler']);
  });

  it('awaiting an already settled completion still goes through a resume Runnable', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<string>(host);
    c.resolve('early');
    const task = spawn(host, async () => await c);

    await host.runAll();

    expect(host.ran.map((r) => r.kind)).toEqual(['start', 'resume']);
    await expect(task).resolves.toBe('early');
  });

  it('several awaiting tasks each get one resume, in the order they awaited', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<string>(host);
    const order: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) =>
      spawn(
        host,
        async () => {
          order.push(`${name}:${await c}`);
        },
        { label: name },
      ),
    );
    await host.runAll();

    c.resolve('v');
    await host.runAll();

    expect(host.ran.filter((r) => r.kind === 'resume').map((r) => r.label)).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a:v', 'b:v', 'c:v']);
    for (const t of tasks) expect(t.state).toBe('succeeded');
  });

  it('an awaiter that is not a task (probe.suspend() → undefined) is resolved natively', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<number>(host);
    const seen = observe(c); // test code: no current task

    c.resolve(5);
    await flush();

    expect(host.probe?.suspendedIds).toEqual([undefined]);
    expect(host.dispatched).toEqual([]);
    expect(seen.current).toEqual({ status: 'fulfilled', value: 5 });
  });
});

describe('Completion with a probe: then() chains stay scheduler-owned', () => {
  it('then() inside a task returns a scheduler-owned thenable, and each link resumes through the host', async () => {
    const host = new TestHost({ probe: true });
    const c = new Completion<number>(host);
    let chained: PromiseLike<number> | undefined;
    const task = spawn(host, async () => {
      chained = c.then((v) => v + 1);
      return await chained;
    });
    await host.runAll();

    c.resolve(1);
    await host.runAll();

    // Not a native promise: awaiting it is a suspension the host controls (see the resume count).
    expect(chained).not.toBeInstanceOf(Promise);
    expect(typeof chained?.then).toBe('function');
    await expect(task).resolves.toBe(2);
    expect(host.ran.filter((r) => r.kind === 'resume' && r.taskId === task.id)).toHaveLength(2);
  });

  it('a then handler may return a Completion, a Task or a native promise: each is adopted', async () => {
    const host = new TestHost({ probe: true });
    const gate = new Completion<void>(host);
    const other = new Completion<string>(host);
    const inner = spawn(host, async (ctx) => {
      await ctx.sleep(5);
      return 'from task';
    });
    const task = spawn(host, async () => {
      const a = await gate.then(() => other);
      const b = await gate.then(() => inner);
      const c = await gate.then(() => Promise.resolve('from promise'));
      const d = await gate
        .then(() => Promise.reject(new Error('rejected promise')))
        .then(
          () => 'no',
          (e: unknown) => (e as Error).message,
        );
      return [a, b, c, d];
    });
    await host.runAll();
    gate.resolve();
    other.resolve('from completion');

    await host.advance(5);

    await expect(task).resolves.toEqual(['from completion', 'from task', 'from promise', 'rejected promise']);
  });
});

describe.each([false, true])('a Task returned from a then handler (probe: %s)', (probe) => {
  it('counts as awaited, as it does with native promises', async () => {
    const host = new TestHost({ probe });
    const session = new Session();
    const gate = new Completion<void>(host);
    const inner = session.spawn(host, async (ctx) => {
      await ctx.sleep(5);
      return 3;
    });
    const outer = spawn(host, async () => await gate.then(() => inner));
    await host.runAll();

    gate.resolve();
    await host.runAll();

    expect(inner.handling).toBe('awaited');
    expect(session.danglingTasks()).toEqual([]);
    await host.advance(5);
    await expect(outer).resolves.toBe(3);
  });
});

describe.each([false, true])('Completion.adopt (probe: %s)', (probe) => {
  it('fulfils with a plain value, follows a promise, a Completion and a Task', async () => {
    const host = new TestHost({ probe });
    const plain = new Completion<number>(host);
    const viaPromise = new Completion<number>(host);
    const viaRejected = new Completion<number>(host);
    const source = new Completion<number>(host);
    const viaCompletion = new Completion<number>(host);
    const task = spawn(host, () => 4);
    const viaTask = new Completion<number>(host);

    plain.adopt(1);
    viaPromise.adopt(Promise.resolve(2));
    viaRejected.adopt(Promise.reject(new Error('no')));
    viaCompletion.adopt(source);
    viaTask.adopt(task);
    expect(viaCompletion.isSettled).toBe(false);
    source.resolve(3);
    expect(viaCompletion.isSettled).toBe(true); // follows synchronously, no scheduler hop
    await host.runAll();

    expect(await plain).toBe(1);
    expect(await viaPromise).toBe(2);
    await expect(viaRejected).rejects.toThrow('no');
    expect(await viaCompletion).toBe(3);
    expect(await viaTask).toBe(4);
    expect(task.handling).toBe('awaited');
  });

  it('adopting a Completion or Task inside a running task reports no suspension', async () => {
    const host = new TestHost({ probe });
    const source = new Completion<number>(host);
    const other = spawn(host, () => 1);
    const target = new Completion<number>(host);
    const target2 = new Completion<number>(host);
    spawn(host, () => {
      target.adopt(source);
      target2.adopt(other);
    });
    await host.runAll();
    expect(host.probe?.suspendedIds ?? []).toEqual([]);
    source.resolve(9);
    expect(await target).toBe(9);
    expect(await target2).toBe(1);
  });
});
