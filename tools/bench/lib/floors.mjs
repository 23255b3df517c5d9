// The floor: the cheapest way JavaScript can hop N times, for groups to compare against.
// Each function performs exactly `n` hops and resolves with the number it performed.

/**
 * `n` sequential `await null` (one promise job each).
 * @param {number} n
 * @returns {Promise<number>}
 */
export async function awaitNullLoop(n) {
  let i = 0;
  while (i < n) {
    await null;
    i++;
  }
  return i;
}

/**
 * `n` chained `queueMicrotask` callbacks (each schedules the next).
 * @param {number} n
 * @returns {Promise<number>}
 */
export function queueMicrotaskChain(n) {
  return chain(n, queueMicrotask);
}

/**
 * `n` chained `setImmediate` callbacks: one macrotask (event-loop turn) each.
 * @param {number} n
 * @returns {Promise<number>}
 */
export function setImmediateChain(n) {
  return chain(n, (fn) => {
    setImmediate(fn);
  });
}

/**
 * @param {number} n
 * @param {(fn: () => void) => void} hop
 * @returns {Promise<number>}
 */
function chain(n, hop) {
  return new Promise((resolve) => {
    let i = 0;
    if (n <= 0) {
      resolve(0);
      return;
    }
    const step = () => {
      i++;
      if (i < n) hop(step);
      else resolve(i);
    };
    hop(step);
  });
}

const KINDS = {
  'await null': { name: 'await null loop', run: awaitNullLoop },
  queueMicrotask: { name: 'queueMicrotask chain', run: queueMicrotaskChain },
  setImmediate: { name: 'setImmediate chain', run: setImmediateChain },
};

/**
 * A ready-made floor case for any group: `floorCase('await null', (p) => p.steps)` runs a raw
 * loop of the same step count as the group's subject and checks the count.
 * @param {keyof typeof KINDS} kind
 * @param {(params: any) => number} stepsOf  the number of hops for the group's params
 * @param {string} [name]  the row's name; defaults to e.g. "await null loop"
 * @returns {import('./runner.mjs').Case}
 */
export function floorCase(kind, stepsOf, name) {
  const k = KINDS[kind];
  if (!k) throw new TypeError(`unknown floor kind ${JSON.stringify(kind)}; one of ${Object.keys(KINDS).join(', ')}`);
  return {
    name: name ?? k.name,
    role: 'floor',
    run: (params) => k.run(stepsOf(params)),
    check: (steps, params) => {
      const want = stepsOf(params);
      if (steps !== want) throw new Error(`expected ${want} hops, counted ${String(steps)}`);
    },
  };
}
