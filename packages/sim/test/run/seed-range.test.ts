import { InvalidArgumentError } from '@sched/core';
import { seedRange } from '@sched/sim';
import { describe, expect, it } from 'vitest';

describe('seedRange', () => {
  it('runs `count` seeds from `from` when the environment says nothing', () => {
    expect(seedRange(100, 0, {})).toEqual({ from: 0, count: 100 });
    expect(seedRange(5, 10, {})).toEqual({ from: 10, count: 5 });
    expect(seedRange(5, 10, { SEED: '', ITERATIONS: '' })).toEqual({ from: 10, count: 5 });
  });

  it('SEED=N runs exactly that seed', () => {
    expect(seedRange(100, 0, { SEED: '1234' })).toEqual({ from: 1234, count: 1 });
    expect(seedRange(100, 50, { SEED: '7', ITERATIONS: '9' })).toEqual({ from: 7, count: 1 });
  });

  it('ITERATIONS=K changes the count', () => {
    expect(seedRange(100, 3, { ITERATIONS: '1000' })).toEqual({ from: 3, count: 1000 });
  });

  it.each([{ SEED: 'abc' }, { SEED: '-1' }, { SEED: '1.5' }, { SEED: '4294967296' }])(
    'rejects the environment %j with an InvalidArgumentError',
    (env) => {
      expect(() => seedRange(10, 0, env)).toThrow(InvalidArgumentError);
    },
  );

  it.each([{ ITERATIONS: 'many' }, { ITERATIONS: '0' }, { ITERATIONS: '-3' }, { ITERATIONS: '2.5' }])(
    'rejects the environment %j with an InvalidArgumentError naming iterations',
    (env) => {
      let error: unknown;
      try {
        seedRange(10, 0, env);
      } catch (e) {
        error = e;
      }

      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('iterations');
    },
  );

  it('rejects a bad count or first seed', () => {
    expect(() => seedRange(0, 0, {})).toThrow(InvalidArgumentError);
    expect(() => seedRange(1.5, 0, {})).toThrow(InvalidArgumentError);
    expect(() => seedRange(10, -1, {})).toThrow(InvalidArgumentError);
    expect(() => seedRange(10, 1.5, {})).toThrow(InvalidArgumentError);
  });

  it('reads process.env by default', () => {
    const saved = { SEED: process.env.SEED, ITERATIONS: process.env.ITERATIONS };
    try {
      process.env.SEED = '31';
      expect(seedRange(10)).toEqual({ from: 31, count: 1 });
      delete process.env.SEED;
      process.env.ITERATIONS = '4';
      expect(seedRange(10, 2)).toEqual({ from: 2, count: 4 });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
