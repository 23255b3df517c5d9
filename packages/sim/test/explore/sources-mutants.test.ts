import type { TaskInfo } from '@sched/core';
import {
  BYTE_TAPE_HEADER,
  type Candidates,
  DelaySource,
  ExhaustiveStrategy,
  mutateTape,
  PctSource,
  type SeededSource,
} from '@sched/sim';
import { describe, expect, it } from 'vitest';

// The decision sources and the tape mutations with a scripted random source: each draw's range
// and each result is asserted exactly, which pins the arithmetic the statistical tests cannot.

/** A stand-in for SeededSource that returns scripted draws and logs the range of each. */
function scripted(draws: readonly number[], words: readonly number[] = []) {
  const ranges: number[] = [];
  let i = 0;
  let w = 0;
  const rng = {
    choose(n: number): number {
      ranges.push(n);
      const value = draws[i++];
      if (value === undefined) throw new Error(`unexpected draw ${i} (range ${n})`);
      if (value >= n) throw new Error(`scripted draw ${value} is out of range ${n}`);
      return value;
    },
    nextUint32(): number {
      const value = words[w++];
      if (value === undefined) throw new Error('unexpected nextUint32');
      return value;
    },
  };
  return { rng: rng as unknown as SeededSource, ranges, used: () => i };
}

const H = BYTE_TAPE_HEADER;
const header = [1, 2, 3, 4, 5];
const tape = (...body: number[]) => Uint8Array.from([...header, ...body]);
const list = (bytes: Uint8Array) => [...bytes];

describe('mutateTape, draw by draw', () => {
  it('bit-flip: flips bit b of body byte i; on an empty body it adds one decision from 1 to 255', () => {
    const s = scripted([2, 3]);
    expect(list(mutateTape(tape(0, 0, 0xff), 'bit-flip', s.rng))).toEqual([...header, 0, 0, 0xff ^ 8]);
    expect(s.ranges).toEqual([3, 8]);
    const e = scripted([254]);
    expect(list(mutateTape(tape(), 'bit-flip', e.rng))).toEqual([...header, 255]);
    expect(e.ranges).toEqual([255]);
    // A tape shorter than a header is padded with zeros first.
    expect(list(mutateTape(Uint8Array.from([7]), 'bit-flip', scripted([0]).rng))).toEqual([7, 0, 0, 0, 0, 1]);
  });

  it('byte-set: an interesting value or any byte at body byte i; on an empty body it adds one', () => {
    const interesting = [0, 1, 2, 0x7f, 0x80, 0xff];
    interesting.forEach((value, k) => {
      const s = scripted([0, k, 1]);
      expect(list(mutateTape(tape(9, 9), 'byte-set', s.rng))).toEqual([...header, 9, value]);
      expect(s.ranges).toEqual([2, 6, 2]);
    });
    const any = scripted([1, 77, 0]);
    expect(list(mutateTape(tape(9, 9), 'byte-set', any.rng))).toEqual([...header, 77, 9]);
    expect(any.ranges).toEqual([2, 256, 2]);
    const e = scripted([200]);
    expect(list(mutateTape(tape(), 'byte-set', e.rng))).toEqual([...header, 200]);
    expect(e.ranges).toEqual([256]);
  });

  it('splice: this tape up to the cut, then the other from the cut on', () => {
    const other = Uint8Array.from([9, 9, 9, 9, 9, 20, 21, 22, 23]);
    const s = scripted([2]);
    expect(list(mutateTape(tape(10, 11, 12), 'splice', s.rng, other))).toEqual([...header, 10, 11, 22, 23]);
    expect(s.ranges).toEqual([4]);
    // A shorter other: the result is this tape's prefix up to the cut.
    expect(list(mutateTape(tape(10, 11, 12), 'splice', scripted([3]).rng, Uint8Array.from([9])))).toEqual([
      ...header,
      10,
      11,
      12,
    ]);
    expect(list(mutateTape(tape(10, 11, 12), 'splice', scripted([1]).rng, tape(30)))).toEqual([...header, 10]);
    // With no other, a tape spliced with itself is itself.
    expect(list(mutateTape(tape(10, 11), 'splice', scripted([1]).rng))).toEqual([...header, 10, 11]);
  });

  it('truncate: keeps the header and the first k body bytes, k from 0 to the body length', () => {
    const s = scripted([2]);
    expect(list(mutateTape(tape(1, 2, 3), 'truncate', s.rng))).toEqual([...header, 1, 2]);
    expect(s.ranges).toEqual([4]);
    expect(list(mutateTape(tape(1, 2, 3), 'truncate', scripted([3]).rng))).toEqual([...header, 1, 2, 3]);
    expect(list(mutateTape(tape(1, 2, 3), 'truncate', scripted([0]).rng))).toEqual(header);
  });

  it('swap-adjacent: swaps body bytes i and i + 1; a body under 2 bytes gets a byte-set instead', () => {
    const s = scripted([1]);
    expect(list(mutateTape(tape(1, 2, 3), 'swap-adjacent', s.rng))).toEqual([...header, 1, 3, 2]);
    expect(s.ranges).toEqual([2]);
    const last = scripted([0]);
    expect(list(mutateTape(tape(1, 2), 'swap-adjacent', last.rng))).toEqual([...header, 2, 1]);
    expect(last.ranges).toEqual([1]);
    const one = scripted([1, 42, 0]);
    expect(list(mutateTape(tape(1), 'swap-adjacent', one.rng))).toEqual([...header, 42]);
    expect(one.ranges).toEqual([2, 256, 1]);
  });

  it('insert-decision: a choice from 0 to 3 before body byte i (i up to the body length)', () => {
    const s = scripted([1, 3]);
    expect(list(mutateTape(tape(7, 8), 'insert-decision', s.rng))).toEqual([...header, 7, 3, 8]);
    expect(s.ranges).toEqual([3, 4]);
    expect(list(mutateTape(tape(7, 8), 'insert-decision', scripted([2, 2]).rng))).toEqual([...header, 7, 8, 2]);
    expect(list(mutateTape(tape(), 'insert-decision', scripted([0, 1]).rng))).toEqual([...header, 1]);
  });

  it('delete-decision: drops body byte i; an empty body stays empty, with no draw', () => {
    const s = scripted([1]);
    expect(list(mutateTape(tape(7, 8, 9), 'delete-decision', s.rng))).toEqual([...header, 7, 9]);
    expect(s.ranges).toEqual([3]);
    const e = scripted([]);
    const out = mutateTape(tape(), 'delete-decision', e.rng);
    expect(list(out)).toEqual(header);
    expect(e.used()).toBe(0);
  });

  it('reseed: writes a new seed into the header, little-endian, and keeps the body', () => {
    const s = scripted([], [0x12345678]);
    expect(list(mutateTape(tape(7, 8), 'reseed', s.rng))).toEqual([0x78, 0x56, 0x34, 0x12, 5, 7, 8]);
    expect(s.used()).toBe(0);
  });

  it('draws body positions past the header only', () => {
    for (let k = 0; k < 3; k++) {
      const out = mutateTape(tape(0, 0, 0), 'byte-set', scripted([0, 5, k]).rng);
      expect(list(out.subarray(0, H))).toEqual(header);
      expect(out[H + k]).toBe(0xff);
    }
  });
});

let id = 0;
const info = (label: string): TaskInfo => ({
  id: ++id,
  label,
  priority: 'normal',
  lane: 'background',
  sessionId: undefined,
  spawnLocation: undefined,
});
const candidates = (tasks: readonly TaskInfo[]): Candidates => ({ at: (i) => ({ task: tasks[i] }) as never });
/** The scripted draw that gives a task initial priority `depth + (1 + r) / 2^31`. */
const PRIORITY_RANGE = 0x7fff_ffff;

describe('PctSource, draw by draw', () => {
  it('draws depth − 1 change points in [1, k], and describes itself', () => {
    const s = scripted([4, 0]);
    const source = new PctSource(s.rng, 3, 10);
    expect(s.ranges).toEqual([10, 10]);
    expect(source.description).toBe('pct depth 3 over 10 steps');
    expect(new PctSource(scripted([]).rng, 1, 0).description).toBe('pct depth 1 over 1 steps');
    const z = scripted([0]);
    new PctSource(z.rng, 2, 0);
    expect(z.ranges).toEqual([1]);
  });

  it('runs the ready task of highest priority; new tasks get a priority when first seen', () => {
    const [a, b, c] = [info('a'), info('b'), info('c')];
    // depth 1: no change point. Priorities: a low, b high, then c higher still.
    const s = scripted([10, 500, 900]);
    const source = new PctSource(s.rng, 1, 8);
    expect(source.choose(2, candidates([a, b]))).toBe(1);
    expect(source.choose(2, candidates([a, b]))).toBe(1);
    expect(source.choose(3, candidates([a, c, b]))).toBe(1);
    expect(source.choose(2, candidates([b, a]))).toBe(0);
    expect(s.ranges).toEqual([PRIORITY_RANGE, PRIORITY_RANGE, PRIORITY_RANGE]);
  });

  it('a choice that is not among Runnables is a plain draw, and is not a step', () => {
    const [a, b] = [info('a'), info('b')];
    // depth 2, change point at step 1 (draw 0 of range 4).
    const s = scripted([0, 3, 100, 200]);
    const source = new PctSource(s.rng, 2, 4);
    expect(source.choose(7)).toBe(3);
    // Step 1: b has the higher priority, but drops at the change point: a runs.
    expect(source.choose(2, candidates([a, b]))).toBe(0);
    expect(source.choose(2, candidates([a, b]))).toBe(0);
    expect(s.ranges).toEqual([4, 7, PRIORITY_RANGE, PRIORITY_RANGE]);
  });

  it('at a change point the task about to run drops below all others; two changes at one step drop two tasks', () => {
    const [a, b, c] = [info('a'), info('b'), info('c')];
    // depth 3, both change points at step 2. Priorities: a 300, b 200, c 100.
    const s = scripted([1, 1, 300, 200, 100]);
    const source = new PctSource(s.rng, 3, 5);
    expect(source.choose(3, candidates([a, b, c]))).toBe(0); // step 1: a
    // Step 2: a drops (to depth − 1), then b (to depth − 2): c runs.
    expect(source.choose(3, candidates([a, b, c]))).toBe(2);
    // From then on c, then a (depth − 1) before b (depth − 2).
    expect(source.choose(3, candidates([b, a, c]))).toBe(2);
    expect(source.choose(2, candidates([b, a]))).toBe(1);
  });

  it('a change at a later step leaves earlier steps alone', () => {
    const [a, b] = [info('a'), info('b')];
    const s = scripted([2, 100, 200]); // change at step 3
    const source = new PctSource(s.rng, 2, 4);
    expect([1, 2, 3, 4].map(() => source.choose(2, candidates([a, b])))).toEqual([1, 1, 0, 0]);
  });
});

describe('DelaySource, draw by draw', () => {
  it('picks min(delays, k) distinct decisions with Floyd’s algorithm, and describes itself', () => {
    // k = 5, 2 delays: j = 4 draws t = 1 + choose(4); j = 5 draws t = 1 + choose(5).
    const s = scripted([2, 2]);
    const source = new DelaySource(s.rng, 2, 5);
    expect(s.ranges).toEqual([4, 5]);
    // t = 3, then t = 3 again: taken, so j = 5.
    expect(source.delayAt).toEqual([3, 5]);
    expect(source.description).toBe('2 delays over 5 decisions');
    const few = new DelaySource(scripted([0]).rng, 4, 1);
    expect(few.delayAt).toEqual([1]);
    expect(few.description).toBe('1 delays over 1 decisions');
    expect(new DelaySource(scripted([]).rng, 0, 0).description).toBe('0 delays over 1 decisions');
  });

  it('takes listed positions as given, without duplicates, sorted, and draws nothing for them', () => {
    const s = scripted([]);
    const source = new DelaySource(s.rng, 9, 8, [5, 2, 5]);
    expect(source.delayAt).toEqual([2, 5]);
    expect(source.description).toBe('2 delays over 8 decisions');
    expect(s.used()).toBe(0);
  });

  it('at a delayed decision takes the other choice drawn, skipping the preferred one', () => {
    const [a, b, c] = [info('a'), info('b'), info('c')];
    // Delays at decisions 2 and 3. Decision 2: preferred is a (index 2, it ran last); draw 1 of
    // range 2 is below 2, so index 1 (c). Decision 3: preferred is c (it ran last, index 0);
    // draw 0 of range 1 is ≥ 0, so index 1 (b).
    const s = scripted([1, 0]);
    const source = new DelaySource(s.rng, 0, 3, [2, 3]);
    expect(source.choose(3, candidates([a, b, c]))).toBe(0);
    expect(source.choose(3, candidates([b, c, a]))).toBe(1);
    expect(source.choose(2, candidates([c, b]))).toBe(1);
    // No more delays: b ran last and is still ready.
    expect(source.choose(3, candidates([a, c, b]))).toBe(2);
    expect(s.ranges).toEqual([2, 1]);
  });

  it('a decision without candidates prefers 0 and does not change who ran last', () => {
    const [a, b] = [info('a'), info('b')];
    const source = new DelaySource(scripted([]).rng, 0, 4);
    expect(source.choose(2, candidates([a, b]))).toBe(0);
    expect(source.choose(5)).toBe(0);
    expect(source.choose(2, candidates([b, a]))).toBe(1); // a again
  });
});

describe('ExhaustiveStrategy, by hand', () => {
  const run = (strategy: ExhaustiveStrategy, counts: readonly number[]) => {
    const plan = strategy.next();
    if (plan === undefined) return undefined;
    const choices = counts.map((n) => plan.source.choose(n));
    strategy.report({ choices, counts, steps: counts.length, newCoverage: 0, failed: false });
    return { choices, plan };
  };

  it('numbers and describes its schedules, and reports its parameters with each', () => {
    const strategy = new ExhaustiveStrategy(5);
    expect(strategy.params).toEqual({ maxDecisions: 5 });
    const first = strategy.next();
    expect(first?.source.description).toBe('exhaustive schedule 1');
    expect(first?.params).toEqual({ maxDecisions: 5, schedule: 1 });
    expect(first?.strategy).toBe('exhaustive');
    const sharded = new ExhaustiveStrategy(5, { index: 2, count: 3 });
    expect(sharded.params).toEqual({ maxDecisions: 5, shard: '2/3' });
    expect(sharded.next()?.params).toEqual({ maxDecisions: 5, shard: '2/3', schedule: 1 });
  });

  it('replays a prefix choice only where it is in range, else takes 0', () => {
    const strategy = new ExhaustiveStrategy(8);
    run(strategy, [3, 2]);
    run(strategy, [3, 2]); // prefix is now [1]
    // A run whose first decision has a single choice: the prefix's 1 is out of range.
    const narrow = run(strategy, [1, 2]);
    expect(narrow?.choices).toEqual([0, 0]);
  });

  it('is incomplete with a schedules bound until the tree is done, then a proof or a decisions bound', () => {
    const strategy = new ExhaustiveStrategy(1);
    expect(strategy.complete).toBe(false);
    expect(strategy.verdict).toEqual({ kind: 'bound-hit', bound: 'schedules', schedules: 0 });
    expect(run(strategy, [2])?.choices).toEqual([0]);
    expect(strategy.verdict).toEqual({ kind: 'bound-hit', bound: 'schedules', schedules: 1 });
    expect(run(strategy, [2])?.choices).toEqual([1]);
    expect(strategy.complete).toBe(true);
    expect(strategy.verdict).toEqual({ kind: 'proof', schedules: 2 });
    expect(strategy.next()).toBeUndefined();
    // One decision past the bound makes it a decisions bound, not a proof.
    const capped = new ExhaustiveStrategy(1);
    run(capped, [2, 2]);
    run(capped, [2, 2]);
    expect(capped.verdict).toEqual({ kind: 'bound-hit', bound: 'decisions', schedules: 2 });
    // Exactly at the bound: still a proof.
    const exact = new ExhaustiveStrategy(2);
    for (let i = 0; i < 4; i++) run(exact, [2, 2]);
    expect(exact.verdict).toEqual({ kind: 'proof', schedules: 4 });
  });

  it('a shard past the first decision’s fan-out runs one schedule and is complete', () => {
    const strategy = new ExhaustiveStrategy(8, { index: 3, count: 3 });
    expect(run(strategy, [2, 2])?.choices).toEqual([0, 0]);
    expect(strategy.complete).toBe(true);
    expect(strategy.verdict).toEqual({ kind: 'proof', schedules: 1 });
    // Shard 2 of 2 starts at choice 1 of the first decision and keeps only its subtree.
    const second = new ExhaustiveStrategy(8, { index: 2, count: 2 });
    const seen: string[] = [];
    for (let r = run(second, [3, 2]); r !== undefined; r = run(second, [3, 2])) seen.push(r.choices.join(''));
    expect(seen).toEqual(['10', '11']);
  });

  it('rejects a shard index outside 1..count and a count below 1', () => {
    expect(() => new ExhaustiveStrategy(8, { index: 0, count: 2 })).toThrow(/shard\.index/);
    expect(() => new ExhaustiveStrategy(8, { index: 1.5, count: 2 })).toThrow(/shard\.index/);
    expect(() => new ExhaustiveStrategy(8, { index: 1, count: 0 })).toThrow(/shard\.count/);
    expect(new ExhaustiveStrategy(8, { index: 2, count: 2 }).complete).toBe(false);
  });
});
