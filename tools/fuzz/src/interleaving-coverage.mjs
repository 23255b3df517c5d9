// Interleaving coverage: which task ran after which, as AFL-style edges between the sites of
// consecutive Runnables, computed from the trace the simulator already records.

/** Steps whose position is part of their edge. */
const OPENING_STEPS = 16;

const KIND = { start: 0x1f3d, resume: 0x5c17, timer: 0x2b9b, call: 0x7a31 };

/** @param {string} text */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Adds one hit per step to `map` at `(previous site ^ this site)`, AFL's edge formula: a "site" is
 * a Runnable's task (its label, or its spawn location when it has none) and kind, so an edge says "a wake-up of this
 * task ran right after that one". AFL's hit-count buckets then tell apart how often each hand-over
 * happened. Returns the number of steps seen.
 * @param {Uint8Array} map  AFL's coverage map (its length must be a power of two)
 * @param {{ trace: { events: readonly import('@sched/sim').TraceEvent[], spawnSite(task: number): string | undefined } }} sim
 */
export function writeInterleavingCoverage(map, sim) {
  const mask = map.length - 1;
  const { events } = sim.trace;
  /** @type {Map<number, number>} */
  const sites = new Map();
  let previous = 0;
  let step = 0;
  for (const event of events) {
    let site = sites.get(event.task);
    if (site === undefined) {
      // A label names the task's role; without one, its spawn site does (formatting a spawn
      // location costs a stack format, ~30 µs, so it is read only for unlabelled tasks).
      site = hash32(event.label ?? `@${sim.trace.spawnSite(event.task) ?? event.task}`);
      sites.set(event.task, site);
    }
    // The first steps also carry their position, so a new order of the opening steps is new
    // coverage (where most interleaving bugs are decided); later steps count hand-overs only.
    const position = step < OPENING_STEPS ? Math.imul(step + 1, 0x9e3779b1) >>> 16 : 0;
    step++;
    const current = (site ^ KIND[event.kind] ^ position) & mask;
    const edge = current ^ previous;
    map[edge] = ((map[edge] ?? 0) + 1) & 0xff;
    previous = current >>> 1;
  }
  return events.length;
}
