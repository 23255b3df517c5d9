import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SliceBudget } from '../src/host.js';

class Clock {
  t = 0;
  reads = 0;
  now(): number {
    this.reads++;
    return this.t;
  }
}

describe('SliceBudget', () => {
  it('says the slice is over at the first clock read at or past the budget, never before (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (budgetMs, costs) => {
          const clock = new Clock();
          clock.t = 1000;
          const budget = new SliceBudget(clock, budgetMs, 64);
          budget.start();
          const start = clock.t;
          for (const cost of costs) {
            clock.t += cost;
            const readsBefore = clock.reads;
            const over = budget.spend();
            const read = clock.reads > readsBefore;
            if (over) {
              expect(read).toBe(true);
              expect(clock.t - start).toBeGreaterThanOrEqual(budgetMs);
              return;
            }
            if (read) expect(clock.t - start).toBeLessThan(budgetMs);
          }
        },
      ),
    );
  });

  it('reads the clock less often for short Runnables, up to maxStride, and every time for slow ones', () => {
    const clock = new Clock();
    const budget = new SliceBudget(clock, 5, 8);
    budget.start();
    for (let i = 0; i < 200; i++) expect(budget.spend()).toBe(false); // the clock stands still
    // Strides 1, 2, 4, 8, 8, …: 200 Runnables take 4 + (200 - 15) / 8 reads, plus the start.
    expect(clock.reads).toBe(1 + 4 + Math.floor((200 - 15) / 8));
    clock.reads = 0;
    let spent = 0;
    do {
      clock.t += 1; // 1 ms each: above 1/8 of the budget, so the stride falls back to 1
      spent++;
    } while (!budget.spend());
    expect(spent).toBeLessThanOrEqual(8 + 5);
    expect(clock.t).toBeGreaterThanOrEqual(5);
  });

  it('isOver() reads the clock at once; before any slice it is over', () => {
    const clock = new Clock();
    const budget = new SliceBudget(clock, 5, 64);
    expect(budget.isOver()).toBe(true);
    budget.start();
    expect(budget.isOver()).toBe(false);
    clock.t = 5;
    expect(budget.isOver()).toBe(true);
  });
});
