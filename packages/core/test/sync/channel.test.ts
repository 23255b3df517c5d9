import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Channel, ChannelClosedError, InvalidArgumentError, Mutex, type Scheduler, spawn } from '../../src/index.js';
import { chooser } from '../support/choices.js';
import { flush, observe, TestHost } from '../support/test-host.js';

describe.each([false, true])('Channel (probe: %s)', (probe) => {
  it('unbounded: sends complete at once and values are received FIFO', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host);
    const sends = [1, 2, 3].map((v) => observe(ch.send(v)));
    await flush();

    expect(sends.map((s) => s.current.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(ch.size).toBe(3);
    expect([await ch.recv(), await ch.recv(), await ch.recv()]).toEqual([1, 2, 3]);
    expect(ch.size).toBe(0);
  });

  it('recv waits while empty; a send hands the value straight to the waiting receiver', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<string>(host);
    const received: string[] = [];
    const consumer = spawn(host, async () => {
      received.push(await ch.recv());
      received.push(await ch.recv());
    });
    await host.runAll();
    expect(received).toEqual([]);

    await ch.send('a');
    expect(ch.size).toBe(0); // handed over, not buffered
    await host.runAll();
    expect(received).toEqual(['a']);

    await ch.send('b');
    await host.runAll();
    expect(received).toEqual(['a', 'b']);
    expect(consumer.state).toBe('succeeded');
  });

  it('several waiting receivers are served in the order they called recv', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host);
    const got: string[] = [];
    for (const name of ['r1', 'r2', 'r3']) {
      spawn(host, async () => {
        got.push(`${name}=${await ch.recv()}`);
      });
    }
    await host.runAll();

    await ch.send(10);
    await ch.send(20);
    await ch.send(30);
    await host.runAll();

    expect(got).toEqual(['r1=10', 'r2=20', 'r3=30']);
  });

  it('bounded: send waits while the buffer is full (back-pressure), in FIFO order', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host, { capacity: 2 });
    const sends = [1, 2, 3, 4].map((v) => observe(ch.send(v)));
    await flush();

    expect(sends.map((s) => s.current.status)).toEqual(['fulfilled', 'fulfilled', 'pending', 'pending']);
    expect(ch.size).toBe(2);

    expect(await ch.recv()).toBe(1);
    await flush();
    expect(sends.map((s) => s.current.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'pending']);
    expect(ch.size).toBe(2);

    expect([await ch.recv(), await ch.recv(), await ch.recv()]).toEqual([2, 3, 4]);
    await flush();
    expect(sends[3]?.current.status).toBe('fulfilled');
    expect(ch.size).toBe(0);
  });

  it('bounded producer task is paced by the consumer', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host, { capacity: 1 });
    const sent: number[] = [];
    spawn(host, async () => {
      for (let i = 0; i < 5; i++) {
        await ch.send(i);
        sent.push(i);
      }
      ch.close();
    }).detach();
    await host.runAll();
    expect(sent).toEqual([0]); // 0 buffered; 1 waits
    expect(ch.size).toBe(1);

    const consumer = spawn(host, async () => {
      const got: Array<[number, number[]]> = [];
      for await (const v of ch) got.push([v, [...sent]]);
      return got;
    });
    await host.runAll();

    // Each value is received before the producer gets more than one send ahead.
    const got = await consumer;
    expect(got.map(([v]) => v)).toEqual([0, 1, 2, 3, 4]);
    for (const [v, sentSoFar] of got) expect(sentSoFar.length).toBeLessThanOrEqual(v + 2);
    expect(sent).toEqual([0, 1, 2, 3, 4]);
  });

  it('close(): pending receivers reject with ChannelClosedError', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host);
    const errors: unknown[] = [];
    const receivers = [1, 2].map(() =>
      spawn(host, async () => {
        try {
          await ch.recv();
        } catch (error) {
          errors.push(error);
        }
      }),
    );
    await host.runAll();

    ch.close();
    await host.runAll();

    expect(ch.isClosed).toBe(true);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(ChannelClosedError);
    for (const r of receivers) expect(r.state).toBe('succeeded');
  });

  it('close(): pending senders reject; later sends reject; buffered values still drain, then recv rejects', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<string>(host, { capacity: 2 });
    void ch.send('a');
    void ch.send('b');
    const blocked = observe(ch.send('c'));

    ch.close();
    ch.close(); // idempotent
    await flush();

    expect((blocked.current as { reason: unknown }).reason).toBeInstanceOf(ChannelClosedError);
    await expect(ch.send('d')).rejects.toBeInstanceOf(ChannelClosedError);
    expect(ch.size).toBe(2);
    expect(await ch.recv()).toBe('a');
    expect(await ch.recv()).toBe('b');
    await expect(ch.recv()).rejects.toBeInstanceOf(ChannelClosedError);
    await expect(ch.recv()).rejects.toMatchObject({ code: 'ERR_CHANNEL_CLOSED' });
  });

  it('async iteration yields buffered values then ends at close (inside a task)', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host, { capacity: 3 });
    const consumer = spawn(host, async () => {
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      return got;
    });
    const producer = spawn(host, async (ctx) => {
      for (const v of [5, 6, 7, 8]) {
        await ch.send(v);
        await ctx.sleep(1);
      }
      ch.close();
    });

    await host.advance(10);

    expect(producer.state).toBe('succeeded');
    await expect(consumer).resolves.toEqual([5, 6, 7, 8]);
  });

  it('async iteration over an already closed, empty channel ends at once', async () => {
    const host = new TestHost({ probe });
    const ch = new Channel<number>(host);
    ch.close();
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([]);
  });

  it('property: with one producer, values arrive exactly once and in order (any capacity)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 30 }),
        fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(Number.POSITIVE_INFINITY)),
        async (values, capacity) => {
          const host = new TestHost({ probe });
          const ch = new Channel<number>(host, { capacity });
          spawn(host, async () => {
            for (const v of values) await ch.send(v);
            ch.close();
          }).detach();
          const consumer = spawn(host, async () => {
            const got: number[] = [];
            for await (const v of ch) got.push(v);
            return got;
          });

          await host.runAll();

          await expect(consumer).resolves.toEqual(values);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: random interleavings of producers/consumers lose nothing, duplicate nothing, keep per-producer order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(Number.POSITIVE_INFINITY)),
        fc.array(fc.nat(), { maxLength: 200 }),
        async (producers, consumers, perProducer, capacity, choices) => {
          const host = new TestHost({ probe, choose: chooser(choices) });
          const ch = new Channel<string>(host, { capacity });
          const got: string[][] = Array.from({ length: consumers }, () => []);
          const producing = Array.from({ length: producers }, (_, p) =>
            spawn(
              host,
              async (ctx) => {
                for (let i = 0; i < perProducer; i++) {
                  await ch.send(`${p}:${i}`);
                  if (i % 2 === 0) await ctx.yieldNow();
                }
              },
              { lane: p % 2 === 0 ? 'foreground' : 'background' },
            ),
          );
          for (let c = 0; c < consumers; c++) {
            spawn(
              host,
              async () => {
                for await (const v of ch) (got[c] as string[]).push(v);
              },
              { lane: c % 2 === 0 ? 'background' : 'foreground' },
            ).detach();
          }
          spawn(host, async () => {
            for (const p of producing) await p;
            ch.close();
          }).detach();

          await host.runAll();

          const all = got.flat();
          expect(all).toHaveLength(producers * perProducer);
          expect(new Set(all).size).toBe(all.length);
          // Each consumer sees each producer's values in send order.
          for (const seen of got) {
            for (let p = 0; p < producers; p++) {
              const mine = seen.filter((v) => v.startsWith(`${p}:`)).map((v) => Number(v.split(':')[1]));
              expect(mine).toEqual([...mine].sort((a, b) => a - b));
            }
          }
          expect(ch.isClosed).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('Channel without a scheduler', () => {
  it.each([
    ['no argument', undefined],
    ['null', null],
    ['the options in its place', { capacity: 1 }],
    ['something that is not a scheduler', { now: () => 0 }],
  ])('fails at construction with an InvalidArgumentError (%s)', (_what, scheduler) => {
    const construct = (): unknown => new Channel(scheduler as unknown as Scheduler);

    expect(construct).toThrow(InvalidArgumentError);
    expect(construct).toThrow(/^Invalid scheduler: .*; expected a Scheduler as the first argument of new Channel\(/);
    expect(construct).toThrow(expect.objectContaining({ argument: 'scheduler', value: scheduler }));
  });

  it('accepts a scheduler', () => {
    expect(new Channel<number>(new TestHost()).size).toBe(0);
  });
});

describe('Channel and Mutex: what counts as a scheduler', () => {
  const host = new TestHost();
  const both = {
    dispatchForeground: host.dispatchForeground.bind(host),
    dispatchBackground: host.dispatchBackground.bind(host),
  };

  it('needs both dispatch methods', () => {
    const onlyForeground = { dispatchForeground: both.dispatchForeground };
    const onlyBackground = { dispatchBackground: both.dispatchBackground };

    for (const scheduler of [onlyForeground, onlyBackground]) {
      expect(() => new Channel(scheduler as unknown as Scheduler)).toThrow(InvalidArgumentError);
      expect(() => new Mutex(scheduler as unknown as Scheduler)).toThrow(InvalidArgumentError);
    }
  });

  it('accepts a function object that has them (any object shape a host may use)', () => {
    const scheduler = Object.assign(() => undefined, both) as unknown as Scheduler;

    expect(new Channel<number>(scheduler).size).toBe(0);
    expect(new Mutex(scheduler).isLocked).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects the capacity %s with a message naming what is accepted', (capacity) => {
    expect(() => new Channel(host, { capacity })).toThrow(
      expect.objectContaining({
        argument: 'capacity',
        message: expect.stringContaining('expected a positive integer or Infinity'),
      }),
    );
  });
});
