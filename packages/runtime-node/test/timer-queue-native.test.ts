// TimerQueue against a fake native timer: every `setTimeout` it arms is recorded instead of
// scheduled, and the test fires it by hand. So what one native callback does (which timers it
// hands over, how it re-arms, what it keeps stored and ref'd) is asserted exactly. Written
// against the survivors of a mutation run of src/timers/ (docs/mutation.md).
import type { Runnable } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimerQueue } from '../src/timers/timer-queue.js';
import { ManualClock } from './helpers.js';

interface FakeTimeout {
  readonly callback: () => void;
  readonly ms: number;
  refed: boolean;
  cleared: boolean;
  ref(): FakeTimeout;
  unref(): FakeTimeout;
}

let armed: FakeTimeout[] = [];

beforeEach(() => {
  armed = [];
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
    const timeout: FakeTimeout = {
      callback,
      ms,
      refed: true,
      cleared: false,
      ref: () => {
        timeout.refed = true;
        return timeout;
      },
      unref: () => {
        timeout.refed = false;
        return timeout;
      },
    };
    armed.push(timeout);
    return timeout;
  }) as unknown as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((timeout: FakeTimeout | undefined) => {
    if (timeout !== undefined) timeout.cleared = true;
  }) as unknown as typeof clearTimeout);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The native timer armed now (the last one, not cleared). */
function current(): FakeTimeout | undefined {
  const last = armed.at(-1);
  return last === undefined || last.cleared ? undefined : last;
}

/** Fires the armed native timer, as libuv would once its delay has passed. */
function fire(): void {
  const timeout = current();
  if (timeout === undefined) throw new Error('no native timer armed');
  timeout.cleared = true; // a fired Timeout is spent
  timeout.callback();
}

function setup(): { clock: ManualClock; queue: TimerQueue; fired: string[]; call: (name: string) => Runnable } {
  const clock = new ManualClock();
  const fired: string[] = [];
  const queue = new TimerQueue(clock, (runnable) => runnable.run());
  const call = (name: string): Runnable => new CallRunnable(hostInfo(name), () => fired.push(name), 'timer');
  return { clock, queue, fired, call };
}

describe('TimerQueue: the native timer it arms', () => {
  it('is armed for the rounded-up deadline minus now, and never for less than 1 ms', () => {
    const { clock, queue, call } = setup();
    clock.t = 0.3;
    queue.schedule(5, call('a'), true); // deadline ceil(5.3) = 6
    expect(queue.armedAt).toBe(6);
    expect(current()?.ms).toBe(6); // ceil(6 - 0.3)
    queue.schedule(0, call('b'), true); // deadline 1: earlier, re-armed
    expect(queue.armedAt).toBe(1);
    expect(current()?.ms).toBe(1);
    const other = setup();
    other.queue.schedule(0, other.call('c'), true); // deadline 0 at t = 0
    expect(current()?.ms).toBe(1);
  });

  it('re-arming clears the previous native timer, and clear() clears the armed one', () => {
    const { queue, call } = setup();
    queue.schedule(30, call('a'), true);
    queue.schedule(20, call('b'), true);
    queue.schedule(10, call('c'), true);
    queue.schedule(40, call('d'), true); // later: no re-arm
    expect(armed.map((t) => [t.ms, t.cleared])).toEqual([
      [30, true],
      [20, true],
      [10, false],
    ]);
    queue.clear();
    expect(armed.every((t) => t.cleared)).toBe(true);
    expect(queue.armedAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('is unref’d while no pending timer is ref’d, and ref’d as soon as one is', () => {
    const { queue, call } = setup();
    const lazy = queue.schedule(10, call('a'), false);
    expect(current()?.refed).toBe(false);
    lazy.ref();
    expect(current()?.refed).toBe(true);
    expect(queue.refCount).toBe(1);
    lazy.unref();
    expect(current()?.refed).toBe(false);
    const eager = queue.schedule(50, call('b'), true); // not earlier: same native timer
    expect(armed).toHaveLength(1);
    expect(current()?.refed).toBe(true);
    eager.cancel();
    expect(current()?.refed).toBe(false);
    // ref() on a cancelled timer changes nothing.
    eager.ref();
    expect(queue.refCount).toBe(0);
    expect(current()?.refed).toBe(false);
  });
});

describe('TimerQueue: one native callback', () => {
  it('fires a timer due exactly now', () => {
    const { clock, queue, fired, call } = setup();
    queue.schedule(5, call('a'), true);
    clock.t = 5;
    fire();
    expect(fired).toEqual(['a']);
    expect(queue.size).toBe(0);
    expect(current()).toBeUndefined();
  });

  it('fires every due timer, and only those; re-arms for the first that is not due', () => {
    const { clock, queue, fired, call } = setup();
    queue.schedule(1, call('a1'), true); // deadline 1
    clock.t = 4.5;
    queue.schedule(1, call('a2'), true); // same list, deadline 6
    clock.t = 5;
    fire();
    expect(fired).toEqual(['a1']);
    expect(queue.armedAt).toBe(6);
    expect(current()?.ms).toBe(1);
    expect(queue.size).toBe(1);
    expect(queue.stored).toBe(1);
  });

  it('a list whose key is stale (cancelled front) does not hide another list that is due', () => {
    const { clock, queue, fired, call } = setup();
    const a1 = queue.schedule(1, call('a1'), true); // list of delay 1, deadline 1
    queue.schedule(3, call('b'), true); // list of delay 3, deadline 3
    a1.cancel();
    clock.t = 5;
    queue.schedule(1, call('a2'), true); // list of delay 1, deadline 6
    fire();
    // The delay-1 list still keyed at 1 comes first; its front is not due: the other list is.
    expect(fired).toEqual(['b']);
    expect(queue.armedAt).toBe(6);
    expect(queue.size).toBe(1);
    expect(queue.stored).toBe(1);
    expect(queue.lists).toBe(1);
  });

  it('equal deadlines in two lists fire in creation order, switching lists mid-run', () => {
    const { clock, queue, fired, call } = setup();
    queue.schedule(1, call('a@1'), true); // delay 1, deadline 1, seq 0
    queue.schedule(2, call('b@2'), true); // delay 2, deadline 2, seq 1
    clock.t = 1;
    queue.schedule(1, call('a@2'), true); // delay 1, deadline 2, seq 2
    clock.t = 10;
    fire();
    expect(fired).toEqual(['a@1', 'b@2', 'a@2']);
  });

  it('drops cancelled entries behind a fired one and keeps stored equal to pending', () => {
    const { clock, queue, fired, call } = setup();
    queue.schedule(2, call('x'), true);
    const y = queue.schedule(2, call('y'), true);
    queue.schedule(2, call('z'), true);
    const w = queue.schedule(9, call('w'), true);
    y.cancel();
    expect(queue.stored).toBe(4);
    clock.t = 2;
    fire();
    expect(fired).toEqual(['x', 'z']);
    expect(queue.size).toBe(1);
    expect(queue.stored).toBe(1);
    expect(queue.lists).toBe(1);
    w.cancel();
    clock.t = 9;
    fire(); // finds nothing due, arms nothing
    expect(fired).toEqual(['x', 'z']);
    expect(queue.stored).toBe(0);
    expect(queue.lists).toBe(0);
    expect(current()).toBeUndefined();
  });

  it('releases the refs of the timers it fires, and only those', () => {
    const { clock, queue, call } = setup();
    queue.schedule(1, call('ref'), true);
    queue.schedule(1, call('unref'), false);
    queue.schedule(5, call('later'), true);
    expect(queue.refCount).toBe(2);
    clock.t = 1;
    fire();
    expect(queue.refCount).toBe(1);
    expect(current()?.refed).toBe(true);
    clock.t = 5;
    fire();
    expect(queue.refCount).toBe(0);
  });
});

describe('TimerQueue: compaction of cancelled entries', () => {
  it('compacts exactly when stored entries exceed twice the pending ones plus 32', () => {
    const { clock, queue, fired, call } = setup();
    const handles = Array.from({ length: 40 }, (_, i) => queue.schedule(100, call(`t${i}`), true));
    for (let i = 0; i < 36; i++) handles[i]?.cancel();
    // 40 stored, 4 pending: 40 > 2 * 4 + 32 is false.
    expect(queue.stored).toBe(40);
    handles[36]?.cancel();
    // 40 > 2 * 3 + 32: compacted down to the 3 pending.
    expect(queue.stored).toBe(3);
    expect(queue.size).toBe(3);
    clock.t = 100;
    fire();
    expect(fired).toEqual(['t37', 't38', 't39']);
    expect(queue.stored).toBe(0);
  });

  it('drops a list that compaction empties, and keeps the others in order', () => {
    const { clock, queue, fired, call } = setup();
    const doomed = Array.from({ length: 20 }, (_, i) => queue.schedule(7, call(`a${i}`), false));
    const thinned = Array.from({ length: 20 }, (_, i) => queue.schedule(3, call(`b${i}`), true));
    queue.schedule(11, call('c'), true);
    for (const handle of doomed) handle.cancel(); // 41 stored, 21 pending: no compaction yet
    expect(queue.lists).toBe(3);
    expect(queue.stored).toBe(41);
    for (let i = 0; i < 17; i++) thinned[i]?.cancel(); // 41 > 2 * 4 + 32: compacted
    expect(queue.lists).toBe(2);
    expect(queue.stored).toBe(4);
    clock.t = 20;
    fire();
    expect(fired).toEqual(['b17', 'b18', 'b19', 'c']);
  });
});
