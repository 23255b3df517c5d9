import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { NodeScheduler, NodeSchedulerOptions } from '../src/index.js';

// The fresh module copy below comes with its own copy of @sched/core, so errors are matched by
// name and code rather than with instanceof.
const invalidArgument = (argument: string) =>
  expect.objectContaining({ name: 'InvalidArgumentError', code: 'ERR_INVALID_ARGUMENT', argument });

/** A fresh copy of the module, so each test sees a thread that has not created its scheduler. */
async function freshThreadScheduler(): Promise<(options?: NodeSchedulerOptions) => NodeScheduler> {
  vi.resetModules();
  return (await import('../src/thread-scheduler.js')).threadScheduler;
}

describe('threadScheduler(options?)', () => {
  let threadScheduler: (options?: NodeSchedulerOptions) => NodeScheduler;
  beforeEach(async () => {
    threadScheduler = await freshThreadScheduler();
  });

  it('takes NodeSchedulerOptions (typed)', () => {
    expectTypeOf(threadScheduler).parameter(0).toEqualTypeOf<NodeSchedulerOptions | undefined>();
  });

  it('the first call creates the shared scheduler with its options; later calls return it', () => {
    const first = threadScheduler({ refTimers: false, sliceMs: 3 });
    expect(first.timer(60_000).unref().hasRef()).toBe(false);
    expect(first.dispatchAfter(60_000, { run() {}, task: {} as never, kind: 'call' }).hasRef()).toBe(false);
    first.clearTimers();
    expect(threadScheduler()).toBe(first);
    expect(threadScheduler({ sliceMs: 3, refTimers: false })).toBe(first); // equal options: fine
  });

  it('a later call with different options throws InvalidArgumentError instead of ignoring them', () => {
    const first = threadScheduler();
    expect(() => threadScheduler({ sliceMs: 2 })).toThrow(invalidArgument('options'));
    expect(() => threadScheduler({ sliceMs: 2 })).toThrow(/configured by its first call/);
    expect(threadScheduler()).toBe(first);
    expect(threadScheduler({})).toBe(first);
  });

  // Two different values for every option. Typed with every key required, so a new option in
  // NodeSchedulerOptions fails to compile here until it is listed (and thereby tested).
  const clockA = { now: () => 0 };
  const clockB = { now: () => 0 };
  const twoValues: {
    readonly [Key in keyof Required<NodeSchedulerOptions>]: readonly [
      NodeSchedulerOptions[Key],
      NodeSchedulerOptions[Key],
    ];
  } = {
    clock: [clockA, clockB],
    sliceMs: [3, 4],
    refTimers: [true, false],
    onError: [() => {}, () => {}],
  };

  it.each(Object.keys(twoValues) as (keyof NodeSchedulerOptions)[])(
    'option %s takes part in the comparison: equal passes, different throws',
    (key) => {
      const [a, b] = twoValues[key];
      const first = threadScheduler({ [key]: a });
      expect(threadScheduler({ [key]: a })).toBe(first);
      expect(() => threadScheduler({ [key]: b })).toThrow(invalidArgument('options'));
      expect(threadScheduler()).toBe(first);
      first.clearTimers();
    },
  );

  it('bad options throw at the first call, and nothing is created', () => {
    expect(() => threadScheduler({ sliceMs: -1 })).toThrow(invalidArgument('sliceMs'));
    expect(threadScheduler({ sliceMs: 7 })).toBe(threadScheduler());
  });
});
