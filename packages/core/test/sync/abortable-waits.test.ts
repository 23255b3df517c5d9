import { describe, expect, it, vi } from 'vitest';
import { Channel, Mutex } from '../../src/index.js';
import { flush, observe, TestHost } from '../support/test-host.js';

/** An AbortController whose signal records how its 'abort' listeners come and go. */
function spiedSignal() {
  const controller = new AbortController();
  const added = vi.spyOn(controller.signal, 'addEventListener');
  const removed = vi.spyOn(controller.signal, 'removeEventListener');
  return { controller, added, removed };
}

describe.each([false, true])('abortable waits on Channel and Mutex (probe: %s)', (probe) => {
  it('recv with an already aborted signal rejects with its reason and takes no value', async () => {
    const host = new TestHost({ probe });
    const channel = new Channel<number>(host);
    await channel.send(1);
    const reason = new Error('gone');

    const seen = observe(channel.recv(AbortSignal.abort(reason)));
    await host.runAll();

    expect(seen.current).toEqual({ status: 'rejected', reason });
    expect(channel.size).toBe(1);
  });

  it('a waiting recv that aborts leaves the queue: the next value goes to the next receiver, not lost', async () => {
    const host = new TestHost({ probe });
    const channel = new Channel<string>(host);
    const controller = new AbortController();
    const first = observe(channel.recv(controller.signal));
    const second = observe(channel.recv());

    controller.abort('changed my mind');
    await channel.send('value');
    await host.runAll();

    expect(first.current).toEqual({ status: 'rejected', reason: 'changed my mind' });
    expect(second.current).toEqual({ status: 'fulfilled', value: 'value' });
    expect(channel.size).toBe(0);
  });

  it('send with an already aborted signal rejects and delivers nothing', async () => {
    const host = new TestHost({ probe });
    const channel = new Channel<number>(host);

    const sent = observe(channel.send(1, AbortSignal.abort('no')));
    await host.runAll();

    expect(sent.current).toEqual({ status: 'rejected', reason: 'no' });
    expect(channel.size).toBe(0);
  });

  it('a send waiting for room that aborts is withdrawn: its value is never delivered', async () => {
    const host = new TestHost({ probe });
    const channel = new Channel<number>(host, { capacity: 1 });
    await channel.send(1);
    const controller = new AbortController();
    const withdrawn = observe(channel.send(2, controller.signal));
    const kept = observe(channel.send(3));

    controller.abort('withdrawn');
    const received = [await channel.recv(), await channel.recv()];
    await host.runAll();

    expect(withdrawn.current).toEqual({ status: 'rejected', reason: 'withdrawn' });
    expect(kept.current).toEqual({ status: 'fulfilled', value: undefined });
    expect(received).toEqual([1, 3]);
  });

  it('the abort listener is added once and removed when the wait ends', async () => {
    const host = new TestHost({ probe });
    const channel = new Channel<number>(host);
    const { controller, added, removed } = spiedSignal();

    const pending = channel.recv(controller.signal);
    expect(added).toHaveBeenCalledWith('abort', expect.any(Function), { once: true });
    const listener = added.mock.calls[0]?.[1];
    expect(removed).not.toHaveBeenCalled();
    await channel.send(7);
    await host.runAll();

    expect(await pending).toBe(7);
    expect(removed).toHaveBeenCalledWith('abort', listener);
  });

  it('aborting after the wait ended changes nothing', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    const holder = await mutex.lock();
    const controller = new AbortController();
    const waiter = observe(mutex.lock(controller.signal));
    holder.release();
    await host.runAll();

    controller.abort('late');
    await flush();

    expect(waiter.current.status).toBe('fulfilled');
    expect(mutex.isLocked).toBe(true);
  });

  it('lock with an already aborted signal rejects, and does not take the lock', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);

    const seen = observe(mutex.lock(AbortSignal.abort('no')));
    await host.runAll();

    expect(seen.current).toEqual({ status: 'rejected', reason: 'no' });
    expect(mutex.isLocked).toBe(false);
  });

  it('a waiting lock that aborts leaves the queue: the lock goes to the next waiter', async () => {
    const host = new TestHost({ probe });
    const mutex = new Mutex(host);
    const holder = await mutex.lock();
    const first = new AbortController();
    const second = new AbortController();
    const a = observe(mutex.lock(first.signal));
    const b = observe(mutex.lock(second.signal));
    const c = observe(mutex.lock());
    expect(mutex.waiting).toBe(3);

    second.abort('b left');
    expect(mutex.waiting).toBe(2);
    first.abort('a left');
    expect(mutex.waiting).toBe(1);
    holder.release();
    await host.runAll();

    expect(a.current).toEqual({ status: 'rejected', reason: 'a left' });
    expect(b.current).toEqual({ status: 'rejected', reason: 'b left' });
    expect(c.current.status).toBe('fulfilled');
    expect(mutex.waiting).toBe(0);
  });
});
