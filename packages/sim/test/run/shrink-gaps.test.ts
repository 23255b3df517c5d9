// The shrinker's gaps listed in docs/mutation.md ("sim: `run/`"): a failure that only removing a
// decision keeps, a single deviation past the schedule's end, and which schedules count as
// deviating more than once. Each scenario draws its decisions directly with `sim.delay(0, k - 1)`,
// so a schedule value is the drawn value and the failure is a plain function of the draws.
import { type Simulator, shrinkSchedule } from '@sched/sim';
import { describe, expect, it } from 'vitest';

class Planted extends Error {}

/** Draws `n` decisions of `k` candidates each; fails with `Planted` when `fails(draws)` holds. */
function draws(k: number, n: number, fails: (d: readonly number[]) => boolean) {
  const replayed: string[] = [];
  const fn = async (sim: Simulator): Promise<number[]> => {
    const d = Array.from({ length: n }, () => sim.delay(0, k - 1));
    replayed.push(d.join('.'));
    if (fails(d)) throw new Planted(`draws ${d.join('.')}`);
    return d;
  };
  return { fn, replayed };
}

describe('shrinkSchedule: failures only a removal keeps', () => {
  it('removes leading zeros one at a time, shifting the deviation forward', async () => {
    // Fails when any draw is 5: lowering the 5 passes, lowering a zero does nothing, so only
    // removing the zeros in front (which shifts the 5 forward) shrinks [0, 0, 5].
    const { fn, replayed } = draws(10, 3, (d) => d.includes(5));

    const shrunk = await shrinkSchedule(fn, [0, 0, 5]);

    expect(shrunk.schedule).toEqual([5]);
    expect(shrunk.minimal).toBe(true);
    expect(shrunk.outcome.ok).toBe(false);
    // Original; removals from the end: [0, 0] → [] (passes), [0, 5] (fails, accepted), [5]
    // (fails, accepted); lowerings of 5 to 0 (already rejected), 1, 2, 3, 4; the next round
    // replays nothing new.
    expect(replayed).toEqual(['0.0.5', '0.0.0', '0.5.0', '5.0.0', '1.0.0', '2.0.0', '3.0.0', '4.0.0']);
    expect(shrunk.runs).toBe(8);
  });

  it('removes a decision in the middle when the two around it must meet', async () => {
    // Fails on exactly 2.7.3 and 2.3.0: no lowering of [2, 7, 3] fails (7 → 3 gives 2.3.3), only
    // removing the 7 does.
    const { fn } = draws(10, 3, (d) => d.join('.') === '2.7.3' || d.join('.') === '2.3.0');

    const shrunk = await shrinkSchedule(fn, [2, 7, 3]);

    expect(shrunk.schedule).toEqual([2, 3]);
    expect(shrunk.minimal).toBe(true);
  });
});

describe('shrinkSchedule: the single-deviation search stays within the schedule', () => {
  it('does not take a single deviation past the end, which would lengthen the schedule', async () => {
    // Fails when d0 and d1 are both non-zero, or when d3 = 1. Within the schedule's two
    // positions no single deviation fails; at position 3 one does ([0, 0, 0, 1]), but it is longer.
    const { fn, replayed } = draws(3, 4, (d) => (d[0] !== 0 && d[1] !== 0) || d[3] === 1);

    const shrunk = await shrinkSchedule(fn, [1, 1]);

    expect(shrunk.schedule).toEqual([1, 1]);
    expect(shrunk.minimal).toBe(true);
    // Original, the counting run, then the single deviations of positions 0 and 1 only.
    expect(replayed.slice(0, 6)).toEqual(['1.1.0.0', '0.0.0.0', '1.0.0.0', '2.0.0.0', '0.1.0.0', '0.2.0.0']);
    expect(replayed).not.toContain('0.0.1.0');
    expect(replayed).not.toContain('0.0.0.1');
    expect(replayed).toHaveLength(6);
    expect(shrunk.runs).toBe(6);
  });
});

describe('shrinkSchedule: which schedules deviate more than once', () => {
  it('does not search for a single deviation when the schedule has exactly one (zeros do not count)', async () => {
    // Fails when d0 = 1 or d2 = 2. [0, 0, 2] has one deviation and is already 1-minimal; a
    // single-deviation search would find the earlier [1] instead.
    const { fn, replayed } = draws(3, 3, (d) => d[0] === 1 || d[2] === 2);

    const shrunk = await shrinkSchedule(fn, [0, 0, 2]);

    expect(shrunk.schedule).toEqual([0, 0, 2]);
    expect(shrunk.minimal).toBe(true);
    expect(replayed).not.toContain('1.0.0');
    // Original; removals [0, 0] → [] and [0, 2] (both pass; the third removal is [0, 2] again);
    // lowering 2 to 1.
    expect(replayed).toEqual(['0.0.2', '0.0.0', '0.2.0', '0.0.1']);
    expect(shrunk.runs).toBe(4);
  });

  it('replays nothing more when the default order already fails', async () => {
    const { fn, replayed } = draws(3, 3, () => true);

    const shrunk = await shrinkSchedule(fn, [0, 0, 0]);

    expect(shrunk.schedule).toEqual([]);
    expect(shrunk.minimal).toBe(true);
    expect(replayed).toEqual(['0.0.0']);
    expect(shrunk.runs).toBe(1);
  });

  it('searches when the schedule deviates twice, earliest position and lowest value first', async () => {
    // Same failure as above, from [0, 2, 2]: two deviations, so the search runs and finds [1].
    const { fn, replayed } = draws(3, 3, (d) => d[0] === 1 || d[2] === 2);

    const shrunk = await shrinkSchedule(fn, [0, 2, 2]);

    expect(shrunk.schedule).toEqual([1]);
    expect(replayed.slice(0, 3)).toEqual(['0.2.2', '0.0.0', '1.0.0']);
  });
});

describe('shrinkSchedule: the single-deviation search, its counting run and its budget', () => {
  it('takes the empty schedule from the counting run when the default order fails the same way', async () => {
    const { fn, replayed } = draws(3, 3, () => true);

    const shrunk = await shrinkSchedule(fn, [1, 2, 1]);

    expect(shrunk.schedule).toEqual([]);
    expect(shrunk.minimal).toBe(true);
    // The original and the counting run; the empty schedule is current, nothing else to try.
    expect(replayed).toEqual(['1.2.1', '0.0.0']);
    expect(shrunk.runs).toBe(2);
  });

  // Fails when d0 and d1 are both non-zero; from [1, 1] the search has 9 + 9 = 18 candidates
  // (the counts of the schedule's two positions, not of the third draw), and after the original
  // and the counting run it is affordable when 18 <= (maxRuns - 2) / 4, i.e. from maxRuns = 74.
  const pair = () => draws(10, 3, (d) => d[0] !== 0 && d[1] !== 0);

  it('searches when the candidates are exactly a quarter of the remaining budget', async () => {
    const { fn, replayed } = pair();

    const shrunk = await shrinkSchedule(fn, [1, 1], {}, 74);

    expect(shrunk.schedule).toEqual([1, 1]);
    expect(replayed.slice(0, 4)).toEqual(['1.1.0', '0.0.0', '1.0.0', '2.0.0']);
    // The 18 single deviations, then nothing new: every removal and lowering was replayed already.
    expect(replayed).toHaveLength(20);
    expect(shrunk.minimal).toBe(true);
  });

  it('skips the search when the candidates are more than a quarter of the remaining budget', async () => {
    const { fn, replayed } = pair();

    const shrunk = await shrinkSchedule(fn, [1, 1], {}, 73);

    expect(shrunk.schedule).toEqual([1, 1]);
    // After the counting run come the passes: removal of the last decision ([1], rejected), the
    // first removal's duplicate skipped, then lowering of position 0 ([0, 1]).
    expect(replayed).toEqual(['1.1.0', '0.0.0', '1.0.0', '0.1.0']);
    expect(shrunk.runs).toBe(4);
    expect(shrunk.minimal).toBe(true);
  });
});
