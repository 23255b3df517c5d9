import { Channel, Mutex, spawn, TaskCancelledError } from '@sched/core';
import { Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('abortable waits (Channel.recv / send, Mutex.lock)', () => {
  it('a cancelled receiver leaves the queue, so the next message reaches the next receiver', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const channel = new Channel<string>(sim);
    const first = spawn(sim, ({ signal }) => channel.recv(signal), { label: 'first' });
    const second = spawn(sim, ({ signal }) => channel.recv(signal), { label: 'second' });
    await sim.runUntilIdle();

    first.cancel('gone');
    await channel.send('hello');
    await sim.runUntilIdle();

    await expect(sim.runUntil(second)).resolves.toBe('hello');
    await expect(first.fallible()).resolves.toBeUndefined();
    expect(sim.liveTasks()).toEqual([]);
  });

  it('an aborted receive rejects with the signal reason and takes nothing', async () => {
    const sim = new Simulator();
    const channel = new Channel<number>(sim);
    const controller = new AbortController();
    const pending = channel.recv(controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await channel.send(1);
    expect(channel.size).toBe(1);
    await expect(channel.recv(AbortSignal.abort('late'))).rejects.toBe('late');
    expect(channel.size).toBe(1);
  });

  it('an aborted send on a full channel withdraws its value', async () => {
    const sim = new Simulator();
    const channel = new Channel<number>(sim, { capacity: 1 });
    await channel.send(1);
    const controller = new AbortController();
    const blocked = channel.send(2, controller.signal);
    controller.abort('cancelled');
    await expect(blocked).rejects.toBe('cancelled');
    expect(await channel.recv()).toBe(1);
    expect(channel.size).toBe(0);
  });

  it('a cancelled lock waiter is skipped: the lock goes to the next waiter', async () => {
    const sim = new Simulator({ order: 'fifo' });
    const mutex = new Mutex(sim);
    const order: string[] = [];
    const holder = spawn(sim, async (ctx) => {
      const guard = await mutex.lock(ctx.signal);
      await ctx.yieldNow();
      await ctx.yieldNow();
      order.push('holder');
      guard.release();
    });
    const quitter = spawn(sim, async ({ signal }) => {
      await mutex.runExclusive(() => order.push('quitter'), signal);
    });
    const patient = spawn(sim, async ({ signal }) => {
      await mutex.runExclusive(() => order.push('patient'), signal);
    });
    await sim.step();
    await sim.step();
    await sim.step();
    quitter.cancel();
    await sim.runUntilIdle();

    expect(order).toEqual(['holder', 'patient']);
    await expect(quitter).rejects.toBeInstanceOf(TaskCancelledError);
    await Promise.all([holder, patient]);
    expect(mutex.isLocked).toBe(false);
    expect(mutex.waiting).toBe(0);
  });
});
