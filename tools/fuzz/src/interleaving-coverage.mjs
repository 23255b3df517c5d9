// Interleaving coverage for AFL++: the same coverage points the in-process coverage strategy of
// explore() uses (its CoverageRecorder, fed by the simulator's step observer: task hand-overs
// with each task's segment and wake reason, and reads-from pairs on tracked cells and sync
// primitives), as `runTape` returns them, folded into AFL's shared map.

/**
 * Marks each coverage point in `map` at `point & (map.length − 1)`: one map cell per point, so AFL
 * sees new coverage exactly when the run reaches a point (modulo collisions in the map) that no
 * earlier input reached. A point is reached or not in one run, so each cell gets one hit.
 * Returns the number of points.
 * @param {Uint8Array} map  AFL's coverage map (its length must be a power of two)
 * @param {readonly number[]} points  `runTape(…).coverage`
 */
export function writeInterleavingCoverage(map, points) {
  const mask = map.length - 1;
  for (const point of points) {
    const cell = point & mask;
    map[cell] = ((map[cell] ?? 0) + 1) & 0xff;
  }
  return points.length;
}
