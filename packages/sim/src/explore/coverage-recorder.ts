import type { Runnable, TaskInfo } from '@sched/core';
import type { StepObserver } from '../stepping/step-observer.js';

/** Segments of one task told apart by coverage (later ones count as the last). */
const MAX_SEGMENT = 15;

/**
 * Interleaving coverage of one run, as a set of 32-bit hashes:
 * - step pairs: (previous step's site, next step's site, wake reason), where a site is the task's
 *   label (else its spawn location, else its spawn order in the run) plus how many steps that
 *   task has taken (its segment), and the wake reason is the Runnable's `kind`;
 * - reads-from pairs on tracked cells (see `cell`) and on core sync primitives (a `Mutex` lock
 *   request reads the latest release, a `Channel` receive the latest send): (resource, site of
 *   the step that last wrote it, site of the step that reads it), RFF-style.
 */
export class CoverageRecorder implements StepObserver {
  /** The coverage points this run reached. */
  readonly points: Set<number> = new Set<number>();
  readonly #sites = new Map<TaskInfo, { site: number; segments: number }>();
  readonly #lastWriter = new Map<string, number>();
  #previous = 0;
  #current = 0;

  onStep(runnable: Runnable): void {
    const task = runnable.task;
    let record = this.#sites.get(task);
    if (record === undefined) {
      const name = task.label ?? task.spawnLocation ?? `#${this.#sites.size}`;
      record = { site: hashString(name), segments: 0 };
      this.#sites.set(task, record);
    }
    const here = mix(record.site, Math.min(record.segments++, MAX_SEGMENT));
    this.points.add(mix(mix(this.#previous, here), hashString(runnable.kind)));
    this.#previous = here;
    this.#current = here;
  }

  onAccess(cell: string, access: 'read' | 'write'): void {
    if (access === 'write') {
      this.#lastWriter.set(cell, this.#current);
      return;
    }
    const writer = this.#lastWriter.get(cell) ?? 0;
    this.points.add(mix(mix(hashString(cell) ^ 0x5bd1e995, writer), this.#current));
  }
}

/** FNV-1a over UTF-16 code units. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Combines two 32-bit values (murmur3-style finalizer over an order-dependent mix). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
