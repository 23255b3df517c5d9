// One application scenario, written only against @sched/core's Scheduler interface, run on two
// hosts: the simulator (test/typeahead-sim.test.ts, Node, many seeds) and the browser host
// (test-browser/typeahead.test.ts, headless Chromium). Both assert the same outcome.
//
// A search box: a background task builds a word index in chunks, yielding between chunks and
// sending each chunk over a Channel; every keystroke cancels the pending search and starts a new
// one that waits out a debounce, then waits for the index and renders the matches.

import { Channel, type Scheduler, spawn, spawnWithPriority, type Task, TaskCancelledError } from '@sched/core';

export const WORDS = ['cab', 'cat', 'catalog', 'category', 'dog', 'cattle', 'cap', 'attic'] as const;
export const KEYSTROKES = ['c', 'ca', 'cat'] as const;
export const DEBOUNCE_MS = 250;

export interface TypeaheadOutcome {
  readonly rendered: readonly string[];
  readonly cancelledSearches: number;
  readonly indexed: number;
}

/** The outcome every host must produce. */
export const EXPECTED: TypeaheadOutcome = {
  rendered: ['cat: cat, catalog, category, cattle'],
  cancelledSearches: 2,
  indexed: WORDS.length,
};

/** Runs the scenario on `scheduler`: returns the root Task, which resolves to the outcome. */
export function typeahead(scheduler: Scheduler): Task<TypeaheadOutcome> {
  return spawn(scheduler, async (ctx) => {
    const chunks = new Channel<readonly string[]>(scheduler, { capacity: 1 });
    const indexer = spawnWithPriority(scheduler, 'background', async (indexCtx) => {
      for (let i = 0; i < WORDS.length; i += 3) {
        await chunks.send(WORDS.slice(i, i + 3));
        await indexCtx.yieldNow();
      }
      chunks.close();
    });
    const index = spawnWithPriority(scheduler, 'background', async () => {
      const words: string[] = [];
      for await (const chunk of chunks) words.push(...chunk);
      return words;
    });

    const rendered: string[] = [];
    let cancelledSearches = 0;
    let pending: Task<void> | undefined;
    const outcomes: PromiseLike<void>[] = [];
    for (const query of KEYSTROKES) {
      if (pending?.cancel()) cancelledSearches++;
      const search = spawnWithPriority(scheduler, 'user-blocking', async (searchCtx) => {
        await searchCtx.sleep(DEBOUNCE_MS);
        const words = await index;
        rendered.push(`${query}: ${words.filter((word) => word.startsWith(query)).join(', ')}`);
      });
      outcomes.push(
        search.then(undefined, (error: unknown) => {
          if (!(error instanceof TaskCancelledError)) throw error;
        }),
      );
      pending = search;
      await ctx.yieldNow();
    }
    await Promise.all(outcomes);
    await indexer;
    return { rendered, cancelledSearches, indexed: (await index).length };
  });
}
