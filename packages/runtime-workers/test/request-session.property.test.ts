// The request-session rule as a property, on the simulator: for any mix of tasks that are awaited,
// detached, registered with waitUntil or left floating, exactly the floating tasks still running
// at the response are reported, and every other task finishes before the invocation ends.
import { runOne } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FloatingTaskError } from '../src/index.js';
import { WorkersSimulator } from '../src/testing/index.js';

type Mode = 'await' | 'detach' | 'waitUntil' | 'float';

interface Plan {
  readonly mode: Mode;
  readonly sleepMs: number;
}

/** Plans with distinct sleeps, so "finished before the response" never depends on a tie. */
const plans = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 })
  .chain((sleeps) =>
    fc.tuple(
      ...sleeps.map((sleepMs) =>
        fc.constantFrom<Mode>('await', 'detach', 'waitUntil', 'float').map((mode) => ({ mode, sleepMs })),
      ),
    ),
  );

describe('RequestSession (property, on the simulator)', () => {
  it('reports exactly the floating tasks that outlive the response; runs everything else to the end', async () => {
    await fc.assert(
      fc.asyncProperty(plans, fc.integer({ min: 0, max: 1000 }), async (tasks: Plan[], seed) => {
        const finished = new Set<number>();
        let worker: WorkersSimulator | undefined;
        const outcome = await runOne(
          async (sim) => {
            worker = new WorkersSimulator(sim, {
              async fetch(_request, _env, _ctx, session) {
                const awaited = [];
                for (const [i, plan] of tasks.entries()) {
                  const task = session.spawn(
                    async ({ sleep }) => {
                      await sleep(plan.sleepMs);
                      finished.add(i);
                    },
                    { label: `t${i}` },
                  );
                  if (plan.mode === 'await') awaited.push(task);
                  else if (plan.mode === 'detach') task.detach();
                  else if (plan.mode === 'waitUntil') session.waitUntil(task);
                }
                await Promise.all(awaited);
                return new Response('ok');
              },
            });
            return worker.fetch('https://example.com/');
          },
          { seed },
        );
        // The response goes out when the slowest awaited task finishes; with none awaited, before
        // any task has even started.
        const awaitedSleeps = tasks.filter((t) => t.mode === 'await').map((t) => t.sleepMs);
        const responseAt = awaitedSleeps.length === 0 ? -1 : Math.max(...awaitedSleeps);
        const expectedFloating = tasks
          .map((t, i) => ({ ...t, label: `t${i}` }))
          .filter((t) => t.mode === 'float' && t.sleepMs > responseAt)
          .map((t) => t.label);
        const reported = (worker?.reports ?? []).map((r) => (r.error as FloatingTaskError).task.label);
        expect(reported.sort()).toEqual(expectedFloating.sort());
        expect(worker?.reports.every((r) => r.error instanceof FloatingTaskError)).toBe(true);
        if (expectedFloating.length > 0) {
          expect(outcome.ok).toBe(false);
          expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(FloatingTaskError);
        } else {
          expect(outcome.ok).toBe(true);
          // Everything that was not floating ran to the end before the invocation was over.
          const kept = tasks.flatMap((t, i) => (t.mode === 'float' ? [] : [i]));
          for (const i of kept) expect(finished.has(i)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
