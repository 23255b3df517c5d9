// The floor: raw hops with nothing of @sched in them. Every other group compares its subject
// against these (see lib/floors.mjs); this group shows them side by side on this machine.

import { floorCase } from '../lib/floors.mjs';

/** @param {{ n: number }} params */
const steps = (params) => params.n;

export const group = {
  name: 'floor',
  description:
    'Raw event-loop hops, N sequential steps per run: an `await null` loop, a `queueMicrotask` chain and a `setImmediate` chain (one macrotask per step). No subject: rows are relative to the cheapest.',
  params: {
    full: { n: 1_000_000, ops: 1_000_000 },
    smoke: { n: 1_000, ops: 1_000 },
  },
  cases: [floorCase('await null', steps), floorCase('queueMicrotask', steps), floorCase('setImmediate', steps)],
};
