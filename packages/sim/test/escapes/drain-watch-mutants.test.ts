// The microtask-drain watch, the listener-list helper and the async-context tracker in detail
// (docs/mutation.md, "sim: `escapes/`").
import { hostInfo } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { type DrainListener, DrainWatch } from '../../src/escapes/drain-watch.js';
import { removeFrom } from '../../src/escapes/remove-from.js';
import { cheapTaskContext, nodeTaskContext } from '../../src/escapes/task-context.js';

/** Resolves after the current macrotask, once every drain watch in this test has stopped. */
function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('DrainWatch', () => {
  it('calls a listener at the end of each drain, after the microtasks queued before it, until it is removed', async () => {
    const log: string[] = [];
    let drains = 0;
    const listener: DrainListener = {
      onDrained() {
        drains++;
        log.push(`drain ${drains}`);
        if (drains === 3) {
          DrainWatch.remove(listener);
          return;
        }
        // Work queued by a drain listener runs before the next drain is reported.
        void Promise.resolve()
          .then(() => log.push(`work ${drains}`))
          .then(() => log.push(`more work ${drains}`));
      },
    };
    DrainWatch.add(listener);
    void Promise.resolve().then(() => log.push('queued after add'));
    log.push('sync');

    await nextMacrotask();

    expect(log).toEqual([
      'sync',
      'queued after add',
      'drain 1',
      'work 1',
      'more work 1',
      'drain 2',
      'work 2',
      'more work 2',
      'drain 3',
    ]);
  });

  it('adding a listener twice still calls it once per drain', async () => {
    let calls = 0;
    const listener: DrainListener = {
      onDrained() {
        calls++;
        if (calls >= 2) DrainWatch.remove(listener);
      },
    };
    DrainWatch.add(listener);
    DrainWatch.add(listener);

    await nextMacrotask();

    expect(calls).toBe(2);
  });

  it('every listener hears a drain, even when one before it removes itself during that drain', async () => {
    const log: string[] = [];
    const a: DrainListener = {
      onDrained() {
        log.push('a');
        DrainWatch.remove(a);
        void Promise.resolve().then(() => log.push('after a'));
      },
    };
    let bCalls = 0;
    const b: DrainListener = {
      onDrained() {
        bCalls++;
        log.push(`b${bCalls}`);
        if (bCalls === 1) void Promise.resolve().then(() => log.push('after b'));
        else DrainWatch.remove(b);
      },
    };
    DrainWatch.add(a);
    DrainWatch.add(b);

    await nextMacrotask();

    expect(log).toEqual(['a', 'b1', 'after a', 'after b', 'b2']);
  });

  it('removing a listener that is not there changes nothing', async () => {
    let calls = 0;
    const listener: DrainListener = {
      onDrained() {
        calls++;
        DrainWatch.remove(listener);
      },
    };
    DrainWatch.remove(listener);
    DrainWatch.add(listener);
    DrainWatch.remove({ onDrained() {} });

    await nextMacrotask();

    expect(calls).toBe(1);
  });
});

describe('removeFrom', () => {
  it('removes the first occurrence in place and says whether it found one', () => {
    const list = [1, 2, 3, 2];
    expect(removeFrom(list, 2)).toBe(true);
    expect(list).toEqual([1, 3, 2]);
    expect(removeFrom(list, 1)).toBe(true);
    expect(list).toEqual([3, 2]);
    expect(removeFrom(list, 2)).toBe(true);
    expect(list).toEqual([3]);
    expect(removeFrom(list, 7)).toBe(false);
    expect(list).toEqual([3]);
    expect(removeFrom(list, 3)).toBe(true);
    expect(list).toEqual([]);
    expect(removeFrom(list, 3)).toBe(false);
  });
});

describe('nodeTaskContext', () => {
  it('is cheap only from Node 24 on', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(cheapTaskContext).toBe(major >= 24);
  });

  it('follows a task through native awaits while retained, and reports nothing while no run retains it', async () => {
    const context = nodeTaskContext();
    const other = nodeTaskContext();
    expect(context).toBeDefined();
    expect(other).toBeDefined();
    if (context === undefined || other === undefined) return;
    const task = hostInfo('followed');

    // Not retained: nothing is reported, even inside run.
    expect(await context.run(task, async () => context.current())).toBeUndefined();

    context.retain();
    other.retain();
    try {
      const seen = await context.run(task, async () => {
        await null;
        await new Promise((resolve) => setImmediate(resolve));
        return context.current();
      });
      expect(seen).toBe(task);
      expect(context.current()).toBeUndefined(); // outside run
      context.release();
      // One storage serves every context: the other user still keeps it on.
      expect(await context.run(task, async () => other.current())).toBe(task);
    } finally {
      other.release();
    }
    expect(await context.run(task, async () => context.current())).toBeUndefined();
  });
});

describe('nodeTaskContext: releasing one user', () => {
  it('keeps tracking for the other users, even inside a flow that is running', async () => {
    const context = nodeTaskContext();
    const other = nodeTaskContext();
    if (context === undefined || other === undefined) throw new Error('no AsyncLocalStorage');
    const task = hostInfo('flow');
    context.retain();
    other.retain();
    try {
      const seen = await context.run(task, async () => {
        await null;
        context.release();
        await null;
        await new Promise((resolve) => setImmediate(resolve));
        return other.current();
      });
      expect(seen).toBe(task);
    } finally {
      other.release();
    }
  });
});
