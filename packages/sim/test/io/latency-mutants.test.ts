import { forwardControl } from '@sched/core/host';
import { Simulator, simulateIo, simulateIoCallback } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { ioInfo } from '../../src/io/io-info.js';
import { checkLatency, drawDelay } from '../../src/io/latency.js';
import type { Trace } from '../../src/trace/trace.js';
import { invalid } from '../support/invalid-argument.js';

// The latency checks and draws, the wrapper's identity and its argument checks, value by value.

describe('checkLatency', () => {
  it('takes a number as [n, n] and a pair as [min, max]', () => {
    expect(checkLatency(0)).toEqual([0, 0]);
    expect(checkLatency(7)).toEqual([7, 7]);
    expect(checkLatency([0, 0])).toEqual([0, 0]);
    expect(checkLatency([2, 9])).toEqual([2, 9]);
  });

  it('names what is wrong, under the argument name it was given', () => {
    const expected = 'expected integer milliseconds with 0 <= min <= max.';
    expect(invalid(() => checkLatency(-1))).toBe(`latency min: Invalid latency min: -1; ${expected}`);
    expect(invalid(() => checkLatency([3, 2]))).toBe(`latency max: Invalid latency max: 2; ${expected}`);
    expect(invalid(() => checkLatency([1.5, 2], 'rtt'))).toBe(`rtt min: Invalid rtt min: 1.5; ${expected}`);
    expect(invalid(() => checkLatency([1, '2']))).toBe(`latency max: Invalid latency max: "2"; ${expected}`);
    expect(invalid(() => checkLatency([0, 2.5]))).toBe(`latency max: Invalid latency max: 2.5; ${expected}`);
    expect(invalid(() => checkLatency([0, Number.NaN]))).toBe(`latency max: Invalid latency max: NaN; ${expected}`);
    const shape = 'expected a number of milliseconds or a range [min, max].';
    for (const bad of [[1], [1, 2, 3], 'x', undefined, { 0: 1, 1: 2, length: 2 }]) {
      expect(
        invalid(() => checkLatency(bad)),
        JSON.stringify(bad),
      ).toMatch(new RegExp(`^latency: .*; ${shape.replace(/[[\]().]/g, '\\$&')}$`));
    }
  });

  it('allows at most 2^32 values in a range', () => {
    expect(checkLatency([0, 0xffff_fffe])).toEqual([0, 0xffff_fffe]);
    expect(checkLatency([5, 5 + 0xffff_fffe])).toEqual([5, 5 + 0xffff_fffe]);
    expect(invalid(() => checkLatency([0, 0xffff_ffff]))).toBe(
      `latency max: Invalid latency max: ${0xffff_ffff}; expected at most ${0xffff_ffff} above min.`,
    );
  });
});

describe('drawDelay', () => {
  /** A source that returns `choice` and logs each range, and a trace that logs each note. */
  const setup = (choice: number) => {
    const ranges: number[] = [];
    const notes: unknown[] = [];
    const source = {
      description: 'fixed',
      choose: (n: number) => {
        ranges.push(n);
        return choice;
      },
    };
    const trace = { addDelay: (step: number, delay: unknown) => notes.push([step, delay]) } as unknown as Trace;
    return { ranges, notes, source, trace };
  };

  it('draws min + k out of max − min + 1 candidates, and notes it on the step that drew it', () => {
    const { ranges, notes, source, trace } = setup(3);
    expect(drawDelay(source, trace, 4, 10, 20)).toBe(13);
    expect(ranges).toEqual([11]);
    expect(notes).toEqual([[4, { ms: 13, min: 10, max: 20 }]]);
  });

  it('notes nothing outside a step (step 0), and draws nothing for a fixed delay', () => {
    const { ranges, notes, source, trace } = setup(1);
    expect(drawDelay(source, trace, 0, 0, 1)).toBe(1);
    expect(ranges).toEqual([2]);
    expect(notes).toEqual([]);
    expect(drawDelay(source, trace, 3, 6, 6)).toBe(6);
    expect(ranges).toEqual([2]);
    expect(notes).toEqual([]);
  });

  it('checks the range under the name "delay", before drawing', () => {
    const { ranges, source, trace } = setup(0);
    expect(invalid(() => drawDelay(source, trace, 1, 4, 3))).toMatch(/^delay max: /);
    expect(invalid(() => drawDelay(source, trace, 1, -2, 3))).toMatch(/^delay min: /);
    expect(ranges).toEqual([]);
  });
});

describe('ioInfo', () => {
  it('gives each wrapper a frozen background identity with its own negative id', () => {
    const a = ioInfo('db');
    const b = ioInfo('fs');
    expect(a).toMatchObject({ label: 'db', priority: 'normal', lane: 'background', sessionId: undefined });
    expect(a.id).toBeLessThan(0);
    expect(b.id).toBe(a.id - 1);
    expect(Object.isFrozen(a)).toBe(true);
    expect(typeof a.spawnLocation === 'string' || a.spawnLocation === undefined).toBe(true);
  });
});

describe('simulateIo and simulateIoCallback: set-up', () => {
  /** The labels of the steps of a run that calls `call` once from a task. */
  async function labels(make: (sim: Simulator) => () => unknown): Promise<string[]> {
    const seen: string[] = [];
    const sim = new Simulator({
      seed: 1,
      autoAdvance: true,
      observer: { onStep: (r) => seen.push(`${r.task.label}:${r.kind}`) },
    });
    const call = make(sim);
    const result = call();
    await sim.runUntilIdle();
    await result;
    return seen;
  }

  it('labels the completions with the option, else the function name, else "io"', async () => {
    async function readRow() {
      return 1;
    }
    expect(await labels((sim) => simulateIo(sim, readRow, { latency: 1 }))).toEqual(['readRow:call']);
    expect(await labels((sim) => simulateIo(sim, readRow, { latency: 1, label: 'db' }))).toEqual(['db:call']);
    expect(
      await labels((sim) =>
        simulateIo(
          sim,
          (
            () => () =>
              1
          )(),
          { latency: 1 },
        ),
      ),
    ).toEqual(['io:call']);
    const cb = (done: (e: null) => void) => done(null);
    expect(
      await labels((sim) => {
        const f = simulateIoCallback(sim, cb, { latency: 1 });
        return () => f(() => {});
      }),
    ).toEqual(['cb:call']);
  });

  it('uses [0, 10] when no latency is given', async () => {
    const sim = new Simulator({ schedule: [10], autoAdvance: true });
    const io = simulateIo(sim, () => 'x');
    const pending = io();
    await sim.runUntilIdle();
    expect(await pending).toBe('x');
    expect(sim.now()).toBe(10);
    const zero = new Simulator({ schedule: [], autoAdvance: true });
    simulateIo(zero, () => 'x')();
    await zero.runUntilIdle();
    expect(zero.now()).toBe(0);
    expect(zero.schedule).toEqual([0]);
  });

  it('names each bad argument', () => {
    const sim = new Simulator({ seed: 1 });
    expect(invalid(() => simulateIo(sim, 3 as never))).toMatch(/^fn: .*expected a function to simulate\.$/);
    expect(invalid(() => simulateIo({ delay: () => 0 } as never, () => 1))).toMatch(/^sim: .*expected a Simulator\.$/);
    expect(invalid(() => simulateIo(undefined as never, () => 1))).toMatch(/^sim: /);
    // A wrapper that forwards the simulator's control but has no `delay` is not a Simulator.
    const wrapper = { now: () => sim.now() };
    forwardControl(wrapper as never, sim);
    expect(invalid(() => simulateIo(wrapper as never, () => 1))).toMatch(/^sim: .*expected a Simulator\.$/);
    expect(invalid(() => simulateIo(sim, () => 1, { signal: 'x' as never }))).toMatch(
      /^signal: .*expected an AbortSignal or a function returning one\.$/,
    );
    expect(invalid(() => simulateIo(sim, () => 1, { signal: new AbortController().signal }))).toBe('accepted');
    expect(invalid(() => simulateIo(sim, () => 1, { signal: () => undefined }))).toBe('accepted');
    expect(invalid(() => simulateIoCallback(sim, 3 as never))).toMatch(/^fn: /);
    const f = simulateIoCallback(sim, (_x: number, _cb: () => void) => {});
    expect(invalid(() => (f as (...args: unknown[]) => void)(1, 2))).toMatch(
      /^callback: .*expected a function as the last argument\.$/,
    );
  });

  it('passes `this` and every argument to the stub', async () => {
    const sim = new Simulator({ seed: 1, autoAdvance: true });
    const seen: unknown[] = [];
    const target = {
      name: 'target',
      read: simulateIo(sim, function (this: { name: string }, a: number, b: string) {
        seen.push(this.name, a, b);
        return a;
      }),
      readCb: simulateIoCallback(sim, function (this: { name: string }, a: number, cb: (e: null, v: number) => void) {
        seen.push(this.name, a);
        cb(null, a + 1);
      }),
    };
    const got: unknown[] = [];
    const pending = target.read(1, 'x');
    target.readCb(5, (e, v) => got.push(e, v));
    await sim.runUntilIdle();
    expect(await pending).toBe(1);
    expect(seen).toEqual(['target', 1, 'x', 'target', 5]);
    expect(got).toEqual([null, 6]);
  });
});
