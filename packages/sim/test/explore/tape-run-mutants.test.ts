import { cell, encodeByteTape, formatProgress, memoryCorpus, runTape, Simulator, type StepObserver } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { lostUpdate } from '../fixtures/planted/index.mjs';

// runTape's report, the memory corpus's copies, tracked cells and the progress line, asserted
// value by value.

describe('runTape', () => {
  it('reports the schedule, the bytes consumed and whether the tape ran out', async () => {
    // The lost update's interleaving takes three decisions of two candidates: one byte each.
    const full = await runTape(lostUpdate.buggy, encodeByteTape([0, 0, 0], [2, 2, 2]));
    expect(full.schedule).toEqual([0, 0, 0]);
    expect(full.consumed).toBe(8);
    expect(full.exhausted).toBe(false);
    expect(full.outcome.ok).toBe(false);
    const longer = await runTape(lostUpdate.buggy, Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 9, 9, 9]));
    expect(longer.schedule).toEqual([0, 1]);
    expect(longer.consumed).toBe(7);
    expect(longer.exhausted).toBe(false);
    expect(longer.outcome.ok).toBe(true);
    const short = await runTape(lostUpdate.buggy, Uint8Array.from([0, 0, 0, 0, 0, 1]));
    expect(short.schedule[0]).toBe(1);
    expect(short.consumed).toBe(6);
    expect(short.exhausted).toBe(true);
  });

  it('lists the coverage points once each, ascending', async () => {
    const run = await runTape(lostUpdate.buggy, encodeByteTape([1, 0, 0], [2, 2, 2]));
    expect(run.coverage.length).toBeGreaterThan(4);
    expect(run.coverage).toEqual([...new Set(run.coverage)].sort((a, b) => a - b));
    expect(run.coverage.every((p, i) => i === 0 || p > (run.coverage[i - 1] as number))).toBe(true);
  });

  it('passes its options to the run', async () => {
    const run = await runTape(lostUpdate.buggy, encodeByteTape([], []), { maxSteps: 1 });
    expect(run.outcome.ok).toBe(false);
    expect((run.outcome as { error: Error }).error.name).toBe('LivelockError');
  });
});

describe('memoryCorpus', () => {
  it('keeps copies: changing a tape given to it, or loaded from it, changes nothing inside', () => {
    const first = Uint8Array.from([1, 2, 3]);
    const corpus = memoryCorpus([first]);
    first[0] = 9;
    const saved = Uint8Array.from([4, 5]);
    corpus.save(saved);
    saved[0] = 9;
    const loaded = corpus.load();
    expect(loaded.map((t) => [...t])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    (loaded[0] as Uint8Array)[1] = 9;
    expect(corpus.load().map((t) => [...t])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(corpus.tapes).toHaveLength(2);
    expect(memoryCorpus().load()).toEqual([]);
  });
});

describe('SharedCell', () => {
  it('tells the observer of each read and write, by name, in order', async () => {
    const log: string[] = [];
    const observer: StepObserver = { onStep: () => {}, onAccess: (name, kind) => log.push(`${kind} ${name}`) };
    const sim = new Simulator({ seed: 1, observer });
    const balance = cell(sim, 'balance', 10);
    expect(balance.get()).toBe(10);
    balance.set(11);
    expect(balance.get()).toBe(11);
    expect(log).toEqual(['read balance', 'write balance', 'read balance']);
  });

  it('works under an observer that does not watch accesses', () => {
    const sim = new Simulator({ seed: 1, observer: { onStep: () => {} } });
    const c = cell(sim, 'c', 'a');
    c.set('b');
    expect(c.get()).toBe('b');
  });
});

describe('formatProgress', () => {
  it('rounds the rate to a whole number', () => {
    const line = (rate: number) =>
      formatProgress({ schedules: 3, schedulesPerSecond: rate, distinct: 2, coverage: 7, corpus: 1, best: 5 });
    expect(line(2.5)).toBe('3 schedules (3/s) · 2 distinct · 7 coverage points · corpus 1 · best 5');
    expect(line(2.49)).toBe('3 schedules (2/s) · 2 distinct · 7 coverage points · corpus 1 · best 5');
  });
});
