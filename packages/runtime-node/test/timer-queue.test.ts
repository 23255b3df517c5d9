import type { Runnable } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../src/timers/timer-queue.js';
import { ManualClock, until } from './helpers.js';

function call(name: string, log: string[]): Runnable {
  return new CallRunnable(hostInfo(name), () => log.push(name), 'timer');
}

describe('TimerQueue', () => {
  it('arms one native timer for the earliest deadline only', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue(clock, () => {});
    const log: string[] = [];
    const a = queue.schedule(100, call('a', log), false);
    expect(queue.armedAt).toBe(100);
    const b = queue.schedule(50, call('b', log), false);
    expect(queue.armedAt).toBe(50);
    queue.schedule(200, call('c', log), false);
    expect(queue.armedAt).toBe(50);
    expect(queue.size).toBe(3);
    // Cancelling the earliest does not re-arm (the native timer fires early and finds nothing due).
    expect(b.cancel()).toBe(true);
    expect(queue.armedAt).toBe(50);
    expect(b.cancel()).toBe(false);
    expect(a.isPending).toBe(true);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.armedAt).toBe(Number.POSITIVE_INFINITY);
    expect(a.isPending).toBe(false);
  });

  it('holds the process open only while a ref’ed timer is pending', () => {
    const queue = new TimerQueue(new ManualClock(), () => {});
    const log: string[] = [];
    const refTimeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refTimeouts();
    const handles = [10, 20, 30].map((d) => queue.schedule(d, call(String(d), log), true));
    expect(refTimeouts()).toBe(before + 1); // one native timer for all three
    handles[0]?.cancel();
    handles[1]?.cancel();
    expect(refTimeouts()).toBe(before + 1);
    handles[2]?.cancel();
    expect(queue.size).toBe(0);
    // The native timer may stay armed (it fires harmlessly), but no longer holds the process.
    expect(refTimeouts()).toBe(before);
    queue.clear();
    expect(queue.armedAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps one list per delay, and never holds more than about twice the pending timers', () => {
    type Op = { kind: 'add'; delay: number } | { kind: 'cancel'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), delay: fc.integer({ min: 0, max: 5 }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const queue = new TimerQueue(new ManualClock(), () => {});
        const log: string[] = [];
        let pending: { delay: number; handle: ReturnType<TimerQueue['schedule']> }[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            pending.push({ delay: o.delay, handle: queue.schedule(o.delay, call('t', log), false) });
          } else if (pending.length > 0) {
            const victim = pending[o.pick % pending.length];
            expect(victim?.handle.cancel()).toBe(true);
            pending = pending.filter((p) => p !== victim);
          }
          expect(queue.size).toBe(pending.length);
          expect(queue.stored).toBeLessThanOrEqual(2 * pending.length + 32);
          expect(queue.lists).toBeGreaterThanOrEqual(new Set(pending.map((p) => p.delay)).size);
          expect(queue.lists).toBeLessThanOrEqual(6);
        }
        queue.clear();
        expect(queue.lists).toBe(0);
        for (const p of pending) expect(p.handle.isPending).toBe(false);
      }),
    );
  });

  it('counts the timers that keep the process alive', () => {
    const queue = new TimerQueue(new ManualClock(), () => {});
    const log: string[] = [];
    const a = queue.schedule(10_000, call('a', log), false);
    const b = queue.schedule(10_000, call('b', log), true);
    expect(queue.refCount).toBe(1);
    expect(a.hasRef()).toBe(false);
    expect(b.hasRef()).toBe(true);
    a.ref();
    expect(queue.refCount).toBe(2);
    b.unref().unref();
    expect(queue.refCount).toBe(1);
    a.cancel();
    expect(queue.refCount).toBe(0);
    expect(a.hasRef()).toBe(false);
    b.cancel();
  });

  it('hands due timers over in (deadline, insertion) order, skipping cancelled ones', async () => {
    type Op = { kind: 'add'; delay: number } | { kind: 'cancel'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), delay: fc.integer({ min: 0, max: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const clock = new ManualClock();
        const fired: string[] = [];
        const queue = new TimerQueue(clock, (r) => r.run());
        const live: { name: string; delay: number; seq: number; handle: ReturnType<TimerQueue['schedule']> }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'add') {
            const name = `t${seq}`;
            live.push({ name, delay: o.delay, seq: seq++, handle: queue.schedule(o.delay, call(name, fired), false) });
          } else if (live.length > 0) {
            const [victim] = live.splice(o.pick % live.length, 1);
            expect(victim?.handle.cancel()).toBe(true);
          }
        }
        clock.t = 10;
        await until(() => fired.length === live.length, 2000, 'timers to fire');
        const expected = [...live].sort((x, y) => x.delay - y.delay || x.seq - y.seq).map((t) => t.name);
        expect(fired).toEqual(expected);
        expect(queue.size).toBe(0);
      }),
      { numRuns: 25 },
    );
  });

  it('fires equal deadlines from different delay lists in creation order (fractional delays, later starts)', async () => {
    // `sleep(target - now())` at fractional times: different delays (so different lists) that
    // round up to the same deadline. Ties must still fire in creation order.
    type Op = { advance: number } & ({ kind: 'until'; target: number } | { kind: 'delay'; quarters: number });
    const advance = fc.integer({ min: 0, max: 6 }).map((n) => n * 0.3);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ advance, kind: fc.constant('until' as const), target: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ advance, kind: fc.constant('delay' as const), quarters: fc.integer({ min: 0, max: 16 }) }),
    );
    const example: Op[] = [
      { advance: 0, kind: 'delay', quarters: 8 }, // t=0, delay 2 → deadline 2
      { advance: 0.3, kind: 'until', target: 2 }, // t=0.3, delay 1.7 → deadline 2 (another list)
      { advance: 0.3, kind: 'delay', quarters: 5 }, // t=0.6, delay 1.25 → deadline 2 (a third list)
      { advance: 0, kind: 'delay', quarters: 4 }, // t=0.6, delay 1 → deadline 2 (a fourth list)
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const clock = new ManualClock();
        const fired: string[] = [];
        const queue = new TimerQueue(clock, (r) => r.run());
        const created: { name: string; deadline: number; index: number }[] = [];
        for (const [index, o] of ops.entries()) {
          clock.t += o.advance;
          const now = clock.t;
          const delay = o.kind === 'until' ? Math.max(0, o.target - now) : o.quarters / 4;
          const name = `t${index}`;
          queue.schedule(delay, call(name, fired), false);
          created.push({ name, deadline: Math.ceil(now + delay), index });
        }
        clock.t += 100;
        await until(() => fired.length === created.length, 2000, 'timers to fire');
        const expected = [...created].sort((x, y) => x.deadline - y.deadline || x.index - y.index).map((t) => t.name);
        expect(fired).toEqual(expected);
        expect(queue.size).toBe(0);
      }),
      { numRuns: 60, examples: [[example]] },
    );
  });

  it('a batch skips what its timers cancel and leaves what they create for a later callback (property)', async () => {
    type Spec = { delay: number; cancels: number[]; creates: boolean };
    const spec: fc.Arbitrary<Spec> = fc.record({
      delay: fc.integer({ min: 0, max: 12 }).map((n) => n / 4),
      cancels: fc.array(fc.nat({ max: 19 }), { maxLength: 3 }),
      creates: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 20 }), async (specs) => {
        const clock = new ManualClock();
        clock.t = 7.5;
        const fired: string[] = [];
        const queue = new TimerQueue(clock, (r) => r.run());
        const handles: ReturnType<TimerQueue['schedule']>[] = [];
        for (const [i, s] of specs.entries()) {
          const runnable = new CallRunnable(hostInfo(`t${i}`), () => {
            fired.push(`t${i}`);
            for (const c of s.cancels) handles[c % specs.length]?.cancel();
            if (s.creates) queue.schedule(0, call(`new${i}`, fired), false);
          });
          handles.push(queue.schedule(s.delay, runnable, false));
        }
        // Model: (deadline, creation) order; a cancelled timer never runs; timers created in the
        // batch run after it, in creation order.
        const order = specs
          .map((s, i) => ({ i, deadline: Math.ceil(7.5 + s.delay) }))
          .sort((a, b) => a.deadline - b.deadline || a.i - b.i);
        const cancelled = new Set<number>();
        const expected: string[] = [];
        const created: string[] = [];
        for (const { i } of order) {
          if (cancelled.has(i)) continue;
          cancelled.add(i); // fired: later cancels of it are no-ops
          expected.push(`t${i}`);
          for (const c of specs[i]?.cancels ?? []) cancelled.add(c % specs.length);
          if (specs[i]?.creates) created.push(`new${i}`);
        }
        clock.t = 100;
        await until(() => fired.length === expected.length + created.length, 2000, 'timers to fire');
        expect(fired).toEqual([...expected, ...created]);
        expect(queue.size).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
