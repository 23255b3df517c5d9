import type { Runnable, RunnableKind, TaskInfo } from '@sched/core';
import { CoverageRecorder } from '@sched/sim';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, mix } from '../../src/explore/coverage-recorder.js';

// Interleaving coverage, checked against what it is defined as (step pairs and reads-from
// pairs), on hand-made Runnables: these kill the mutants of coverage-recorder.ts that the
// explore tests, which only count points, let through.

let nextId = 1;
function task(label?: string, spawnLocation?: string): TaskInfo {
  return { id: nextId++, label, priority: 'normal', lane: 'background', sessionId: undefined, spawnLocation };
}
function step(info: TaskInfo, kind: RunnableKind = 'resume'): Runnable {
  return { task: info, kind, run: () => {} };
}
/** The points of one run that steps `steps` in order. */
function pointsOf(steps: readonly Runnable[]): number[] {
  const recorder = new CoverageRecorder();
  for (const s of steps) recorder.onStep(s);
  return [...recorder.points].sort((a, b) => a - b);
}

describe('hashString and mix', () => {
  it('hashString is 32-bit FNV-1a (the published test vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('mix is an unsigned 32-bit value that depends on the order of its arguments', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.nat({ max: 0xffff_ffff }), (a, b) => {
        const h = mix(a, b);
        expect(Number.isInteger(h) && h >= 0 && h <= 0xffff_ffff).toBe(true);
        expect(mix(a, b)).toBe(h);
      }),
    );
    expect(mix(1, 2)).not.toBe(mix(2, 1));
    expect(mix(0, 0)).not.toBe(0);
  });
});

describe('CoverageRecorder: step pairs', () => {
  it('adds one point per step pair: (previous site, this site with its segment, wake reason)', () => {
    const a = task('a');
    const siteA0 = mix(hashString('a'), 0);
    const siteA1 = mix(hashString('a'), 1);
    expect(pointsOf([step(a, 'start'), step(a, 'resume')])).toEqual(
      [mix(mix(0, siteA0), hashString('start')), mix(mix(siteA0, siteA1), hashString('resume'))].sort((x, y) => x - y),
    );
  });

  it('names a site by label, else spawn location, else spawn order in the run', () => {
    // Label first: the spawn location does not matter when there is a label.
    expect(pointsOf([step(task('x', 'here:1:1'))])).toEqual(pointsOf([step(task('x', 'there:2:2'))]));
    // No label: the spawn location is the name.
    expect(pointsOf([step(task(undefined, 'here:1:1'))])).toEqual(pointsOf([step(task('here:1:1'))]));
    expect(pointsOf([step(task(undefined, 'here:1:1'))])).not.toEqual(pointsOf([step(task(undefined, 'there:2:2'))]));
    // Neither: `#<n>`, n counting the tasks seen so far in this run.
    const [p, q] = [task(), task()];
    const [x0, x1] = [task('#0'), task('#1')];
    expect(pointsOf([step(p), step(q), step(p)])).toEqual(pointsOf([step(x0), step(x1), step(x0)]));
    expect(pointsOf([step(task()), step(task())])).not.toEqual(pointsOf([step(task('#0')), step(task('#0'))]));
  });

  it('keeps a site per task: two tasks with one label are two segment counters, one task counts its steps', () => {
    const one = task('same');
    const twoTasks = pointsOf([step(task('same')), step(task('same'))]);
    const oneTask = pointsOf([step(one), step(one)]);
    expect(twoTasks).not.toEqual(oneTask);
    const siteSame0 = mix(hashString('same'), 0);
    // Two tasks, both at their first segment: the second step is (same#0 → same#0).
    expect(twoTasks).toContain(mix(mix(siteSame0, siteSame0), hashString('resume')));
  });

  it('tells the wake reason apart', () => {
    const kinds: RunnableKind[] = ['start', 'resume', 'timer', 'call'];
    const sets = kinds.map((kind) => pointsOf([step(task('k'), kind)]).join());
    expect(new Set(sets).size).toBe(4);
  });

  it('counts at most 16 segments of one task: later steps are the last segment', () => {
    for (const n of [1, 5, 15, 16, 17, 20, 40]) {
      const t = task('long');
      const points = pointsOf(Array.from({ length: n }, () => step(t)));
      // Step i (0-based) is segment min(i, 15); the pair (15 → 15) repeats from step 17 on.
      expect(points, `${n} steps`).toHaveLength(Math.min(n, 17));
    }
  });
});

describe('CoverageRecorder: reads-from pairs', () => {
  it('a write adds no point; a read adds (cell, site of the last write, site of the reader)', () => {
    const [w, r] = [task('writer'), task('reader')];
    const recorder = new CoverageRecorder();
    recorder.onStep(step(w));
    recorder.onAccess('balance', 'write');
    const afterWrite = recorder.points.size;
    expect(afterWrite).toBe(1);
    recorder.onStep(step(r));
    recorder.onAccess('balance', 'read');
    const siteW = mix(hashString('writer'), 0);
    const siteR = mix(hashString('reader'), 0);
    expect(recorder.points.size).toBe(3);
    expect(recorder.points).toContain(mix(mix(hashString('balance') ^ 0x5bd1e995, siteW), siteR));
    // The same read again is the same point.
    recorder.onAccess('balance', 'read');
    expect(recorder.points.size).toBe(3);
  });

  it('a read before any write reads from site 0, as a write made before any step', () => {
    const reads = (writeFirst: boolean): number[] => {
      const recorder = new CoverageRecorder();
      if (writeFirst) recorder.onAccess('c', 'write');
      recorder.onStep(step(task('r')));
      recorder.onAccess('c', 'read');
      return [...recorder.points].sort((a, b) => a - b);
    };
    expect(reads(true)).toEqual(reads(false));
    expect(reads(false)).toContain(mix(mix(hashString('c') ^ 0x5bd1e995, 0), mix(hashString('r'), 0)));
  });

  it('keeps the last writer per cell, and tells cells and writers apart', () => {
    const run = (cells: readonly [string, 'read' | 'write', TaskInfo][]): number[] => {
      const recorder = new CoverageRecorder();
      for (const [cell, access, who] of cells) {
        recorder.onStep(step(who));
        recorder.onAccess(cell, access);
      }
      return [...recorder.points];
    };
    const [a, b] = [task('A'), task('B')];
    const readA = mix(mix(hashString('x') ^ 0x5bd1e995, mix(hashString('A'), 0)), mix(hashString('B'), 0));
    // B reads x after A wrote it, even though A then wrote y.
    expect(
      run([
        ['x', 'write', a],
        ['y', 'write', a],
        ['x', 'read', b],
      ]),
    ).toContain(readA);
    // The second write of x (by B, segment 0) replaces A's.
    const points = run([
      ['x', 'write', a],
      ['x', 'write', b],
      ['x', 'read', b],
    ]);
    expect(points).not.toContain(readA);
    expect(points).toContain(mix(mix(hashString('x') ^ 0x5bd1e995, mix(hashString('B'), 0)), mix(hashString('B'), 1)));
  });
});
