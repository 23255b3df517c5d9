import { type DecisionSource, FifoSource } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('FifoSource', () => {
  it('always picks the first candidate', () => {
    const source: DecisionSource = new FifoSource();

    expect([source.choose(2), source.choose(7), source.choose(100)]).toEqual([0, 0, 0]);
    expect(source.description).toBe('fifo');
  });
});
