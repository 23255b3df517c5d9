import { BrowserScheduler } from '@sched/runtime-browser';
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import { busy, runnable, until, withoutPostTask } from './helpers.js';

const ITEMS = 300;
const ITEM_MS = 2;

/** Queues ITEMS Runnables of ITEM_MS each (600 ms of work) and returns a counter of those done. */
function longQueue(scheduler: BrowserScheduler): { done: number } {
  const progress = { done: 0 };
  for (let i = 0; i < ITEMS; i++) {
    scheduler.dispatchForeground(
      runnable(() => {
        busy(ITEM_MS);
        progress.done++;
      }),
    );
  }
  return progress;
}

describe.each(['postTask', 'MessageChannel'] as const)('frame budget on %s', (kind) => {
  const make = () => new BrowserScheduler({ dispatch: kind });
  const run = async (body: () => Promise<void>) => (kind === 'MessageChannel' ? withoutPostTask(body) : body());

  test('requestAnimationFrame callbacks get turns while a long queue runs', async () => {
    await run(async () => {
      const scheduler = make();
      const framesAt: number[] = [];
      let stop = false;
      const frame = () => {
        framesAt.push(progress.done);
        if (!stop) requestAnimationFrame(frame);
      };
      const progress = longQueue(scheduler);
      requestAnimationFrame(frame);
      await until(() => progress.done === ITEMS, 20_000);
      stop = true;
      const during = framesAt.filter((done) => done > 0 && done < ITEMS);
      // Frames were rendered in the middle of the queue, not only before or after it.
      expect(during.length).toBeGreaterThanOrEqual(2);
    });
  });

  test('a real input event (a click through the browser input pipeline) is handled mid-queue', async () => {
    await run(async () => {
      const scheduler = make();
      const button = document.createElement('button');
      button.textContent = 'click me';
      document.body.append(button);
      // The queue keeps itself ITEMS Runnables deep until the click is seen (at most 20 s), so the
      // click lands mid-queue however long the input pipeline takes to deliver it on a busy
      // machine. If the scheduler never yielded to input, the click would only be handled once
      // the queue had drained, with nothing pending.
      const progress = { done: 0, queued: 0 };
      let seenAt = -1;
      let pendingAtClick = -1;
      button.addEventListener('click', () => {
        seenAt = progress.done;
        pendingAtClick = progress.queued - progress.done;
      });
      const deadline = performance.now() + 20_000;
      const feed = () => {
        while (seenAt < 0 && progress.queued - progress.done < ITEMS && performance.now() < deadline) {
          progress.queued++;
          scheduler.dispatchForeground(
            runnable(() => {
              busy(ITEM_MS);
              progress.done++;
              feed();
            }),
          );
        }
      };
      feed();
      await userEvent.click(button);
      await until(() => seenAt >= 0 && progress.done === progress.queued, 25_000);
      button.remove();
      expect(seenAt).toBeGreaterThanOrEqual(0);
      expect(pendingAtClick).toBeGreaterThan(0);
    });
  });

  test('one browser task never runs much more than the budget of queued work', async () => {
    await run(async () => {
      const scheduler = make();
      // Each Runnable notes whether a marker task, re-posted after every turn, ran since the last
      // Runnable: a new slice. The longest slice is measured in Runnables of ITEM_MS each.
      let turns = 0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        turns++;
        if (!finished) channel.port2.postMessage(null);
      };
      let finished = false;
      channel.port2.postMessage(null);
      const slices: number[] = [];
      let lastTurn = -1;
      for (let i = 0; i < 60; i++) {
        scheduler.dispatchForeground(
          runnable(() => {
            if (turns !== lastTurn) slices.push(0);
            lastTurn = turns;
            slices[slices.length - 1] = (slices[slices.length - 1] as number) + 1;
            busy(ITEM_MS);
          }),
        );
      }
      await until(() => slices.reduce((a, b) => a + b, 0) === 60, 20_000);
      finished = true;
      channel.port1.close();
      expect(slices.length).toBeGreaterThan(1);
      // 5 ms budget, 2 ms items, the clock read after every item once items are that slow:
      // at most 3 items per slice (a first turn may hold one extra before the stride adapts).
      expect(Math.max(...slices)).toBeLessThanOrEqual(4);
    });
  });

  test('shouldYield() turns true once the slice has used the budget', async () => {
    const scheduler = make();
    const seen: { first: boolean; spentMs: number } = { first: true, spentMs: 0 };
    let done = false;
    scheduler.dispatchForeground(
      runnable(() => {
        seen.first = scheduler.shouldYield();
        const start = performance.now();
        while (!scheduler.shouldYield()) busy(0.1);
        seen.spentMs = performance.now() - start;
        done = true;
      }),
    );
    await until(() => done);
    expect(seen.first).toBe(false);
    expect(seen.spentMs).toBeGreaterThan(scheduler.frameBudgetMs - 1);
    expect(seen.spentMs).toBeLessThan(scheduler.frameBudgetMs + 50);
  });
});
