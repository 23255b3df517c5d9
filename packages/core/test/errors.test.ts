import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDelay, createTimer } from '../src/host.js';
import type { Lane } from '../src/index.js';
import {
  Channel,
  ChannelClosedError,
  InvalidArgumentError,
  SchedError,
  spawn,
  TaskCancelledError,
  TimerCancelledError,
} from '../src/index.js';
import { TestHost } from './support/test-host.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const BAD_DELAYS: unknown[] = [
  -1,
  -0.001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '5',
  null,
  undefined,
  10n,
  {},
];

describe('error classes', () => {
  it('every @sched error is a SchedError with a stable code and its own name', () => {
    const cases: Array<[SchedError, string, string]> = [
      [new InvalidArgumentError('x', 1, 'y'), 'ERR_INVALID_ARGUMENT', 'InvalidArgumentError'],
      [new TaskCancelledError(1, 'l'), 'ERR_TASK_CANCELLED', 'TaskCancelledError'],
      [new TimerCancelledError(), 'ERR_TIMER_CANCELLED', 'TimerCancelledError'],
      [new ChannelClosedError(), 'ERR_CHANNEL_CLOSED', 'ChannelClosedError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(SchedError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error.stack).toContain(name);
    }
  });

  it('InvalidArgumentError describes the value', () => {
    expect(new InvalidArgumentError('delayMs', -1, 'a number >= 0').message).toBe(
      'Invalid delayMs: -1; expected a number >= 0.',
    );
    expect(new InvalidArgumentError('p', 'x', 'e').message).toBe('Invalid p: "x"; expected e.');
    expect(new InvalidArgumentError('p', 3n, 'e').message).toBe('Invalid p: 3n; expected e.');
    expect(new InvalidArgumentError('p', [1], 'e').message).toBe('Invalid p: [object Array]; expected e.');
    expect(new InvalidArgumentError('p', null, 'e').message).toBe('Invalid p: null; expected e.');
  });
});

describe('bad input → InvalidArgumentError (typed, with argument and value)', () => {
  it.each(BAD_DELAYS.map((v) => [String(v), v]))('checkDelay rejects %s', (_, value) => {
    const error = caught(() => checkDelay(value));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('delayMs');
    expect(Object.is((error as InvalidArgumentError).value, value)).toBe(true);
  });

  it('checkDelay names a custom argument', () => {
    expect(caught(() => checkDelay(-5, 'timeoutMs'))).toMatchObject({ argument: 'timeoutMs', value: -5 });
  });

  it('property: every finite delay >= 0 is accepted unchanged; every negative one is rejected', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true, max: Number.MAX_VALUE }), (d) => {
        expect(checkDelay(d)).toBe(d);
      }),
    );
    fc.assert(
      fc.property(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), (d) => {
        expect(() => checkDelay(d)).toThrow(InvalidArgumentError);
      }),
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('timers reject delay %s before dispatching anything', (delay) => {
    const host = new TestHost();
    expect(caught(() => createTimer(host, delay))).toBeInstanceOf(InvalidArgumentError);
    expect(caught(() => host.timer(delay))).toMatchObject({ argument: 'delayMs' });
    expect(host.pendingTimers).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY, '3'])('Channel rejects capacity %s', (capacity) => {
    const host = new TestHost();
    const error = caught(() => new Channel(host, { capacity: capacity as number }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('capacity');
    expect(Object.is((error as InvalidArgumentError).value, capacity)).toBe(true);
  });

  it('Channel accepts positive integers and Infinity', () => {
    const host = new TestHost();
    expect(() => new Channel(host, { capacity: 1 })).not.toThrow();
    expect(() => new Channel(host, { capacity: 1000 })).not.toThrow();
    expect(() => new Channel(host, { capacity: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(() => new Channel(host)).not.toThrow();
  });

  it('spawn rejects an unknown lane with InvalidArgumentError and dispatches nothing', () => {
    const host = new TestHost();
    const error = caught(() => spawn(host, () => 1, { lane: 'sideways' as Lane }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: 'lane', value: 'sideways' });
    expect(host.dispatched).toEqual([]);
  });
});
