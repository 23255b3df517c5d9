import type { Runnable } from '@sched/core';
import { CallRunnable, hostInfo } from '@sched/core/host';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Clock } from '../src/clock.js';
import { TimerQueue } from '../src/timers/timer-queue.js';

class ManualClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

async function until(predicate: () => boolean): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > 2000) throw new Error('timed out waiting for timers');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function call(name: string, log: string[]): Runnable {
  return new CallRunnable(hostInfo(name), () => log.push(name), 'timer');
}

test('TimerQueue fires by deadline, ties in creation order, never a cancelled timer (property)', async () => {
  type Op = { kind: 'add'; delay: number; advance: number } | { kind: 'cancel'; pick: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        delay: fc.integer({ min: 0, max: 12 }).map((n) => n / 4),
        advance: fc.integer({ min: 0, max: 3 }).map((n) => n / 2),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
      const clock = new ManualClock();
      clock.t = 1000.5;
      const fired: string[] = [];
      const queue = new TimerQueue(clock, (runnable) => runnable.run());
      const pending: { name: string; deadline: number; seq: number; cancel: () => boolean }[] = [];
      let seq = 0;
      for (const o of ops) {
        if (o.kind === 'add') {
          clock.t += o.advance;
          const name = `t${seq}`;
          const handle = queue.schedule(o.delay, call(name, fired));
          expect(handle.deadline).toBe(clock.t + o.delay);
          pending.push({ name, deadline: handle.deadline, seq: seq++, cancel: handle.cancel });
        } else if (pending.length > 0) {
          const [victim] = pending.splice(o.pick % pending.length, 1);
          expect(victim?.cancel()).toBe(true);
          expect(victim?.cancel()).toBe(false);
        }
        expect(queue.size).toBe(pending.length);
      }
      expect(queue.holdsNativeTimer).toBe(pending.length > 0);
      clock.t += 100;
      await until(() => fired.length === pending.length && !queue.holdsNativeTimer);
      const expected = [...pending].sort((x, y) => x.deadline - y.deadline || x.seq - y.seq).map((t) => t.name);
      expect(fired).toEqual(expected);
      expect(queue.size).toBe(0);
      for (const p of pending) expect(p.cancel()).toBe(false);
    }),
    { numRuns: 40 },
  );
});
