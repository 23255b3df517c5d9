#!/usr/bin/env node
// Draws docs/benchmarks-chart.svg: every performance target of docs/benchmarks.md against the
// figure its group last wrote there (`pnpm bench <group> --write`). Run: `pnpm bench:chart`
// (= node tools/bench/chart.mjs) after rewriting sections. Reads and writes nothing else.

import { readFileSync, writeFileSync } from 'node:fs';
import { parseClaims, renderChart, scoreTargets } from './lib/chart.mjs';

const DOC = new URL('../../docs/benchmarks.md', import.meta.url);
const SVG = new URL('../../docs/benchmarks-chart.svg', import.meta.url);

/** @type {import('./lib/chart.mjs').Target[]} */
export const TARGETS = [
  ...['A', 'B'].flatMap((set) => {
    const shape = set === 'A' ? '10×2000' : '100×100';
    return [
      ['defaults, trace on', 'trace on'],
      ['trace: false', 'trace: false'],
    ].flatMap(([variant, short]) => [
      {
        label: `sim steps ${shape}, ${short} vs fast-check`,
        group: 'sim-steps',
        subject: `${set} · @sched/sim (${variant})`,
        other: `${set} · fast-check`,
        kind: /** @type {const} */ ('speedup'),
        target: 20,
      },
      {
        label: `sim steps ${shape}, ${short} vs await-null floor`,
        group: 'sim-steps',
        subject: `${set} · @sched/sim (${variant})`,
        other: `${set} · await null`,
        kind: /** @type {const} */ ('floor'),
        target: 5,
      },
    ]);
  }),
  ...[
    ['sim-timers', '1e5'],
    ['sim-timers-1e6', '1e6'],
  ].map(([group, n]) => ({
    label: `sim timers ${n}, trace on vs fake-timers runAll`,
    group: /** @type {string} */ (group),
    subject: '@sched/sim (defaults, trace on)',
    other: '@sinonjs/fake-timers',
    kind: /** @type {const} */ ('speedup'),
    target: 10,
  })),
  ...['lost update', 'cache fill'].map((set) => ({
    label: `schedules/s, ${set} (defaults) vs fast-check`,
    group: 'sim-schedules',
    subject: `${set} · @sched/sim many (defaults)`,
    other: `${set} · fast-check`,
    kind: /** @type {const} */ ('speedup'),
    target: 5,
  })),
  {
    label: 'node spawn+await one at a time vs queueMicrotask',
    group: 'node-dispatch-seq',
    subject: '@sched/runtime-node spawn',
    other: 'raw queueMicrotask',
    kind: 'floor',
    target: 1.5,
  },
  {
    label: 'node spawn+await one at a time vs fastq',
    group: 'node-dispatch-seq',
    subject: '@sched/runtime-node spawn',
    other: 'fastq',
    kind: 'speedup',
    target: 1,
  },
  {
    label: 'node spawn+await batches vs queueMicrotask',
    group: 'node-dispatch',
    subject: '@sched/runtime-node spawn',
    other: 'raw queueMicrotask',
    kind: 'floor',
    target: 1.2,
  },
  {
    label: 'node spawn+await batches vs fastq',
    group: 'node-dispatch',
    subject: '@sched/runtime-node spawn',
    other: 'fastq',
    kind: 'speedup',
    target: 1,
  },
  {
    label: 'node spawn+await batches vs p-queue',
    group: 'node-dispatch',
    subject: '@sched/runtime-node spawn',
    other: 'p-queue',
    kind: 'speedup',
    target: 1,
  },
  {
    label: 'node timers fire vs setTimeout',
    group: 'node-timers-fire',
    subject: '@sched/runtime-node dispatchAfter',
    other: 'native setTimeout',
    kind: 'speedup',
    target: 2,
  },
  ...['node-timers', 'node-timers-churn'].map((group) => ({
    label: `${group === 'node-timers' ? 'node timers create+cancel' : 'node timers churn'} vs native`,
    group,
    subject: '@sched/runtime-node dispatchAfter + cancel',
    other: 'native setTimeout + clearTimeout',
    kind: /** @type {const} */ ('speedup'),
    target: 2,
  })),
  ...['piscina', 'tinypool'].map((peer) => ({
    label: `worker offload saturated vs ${peer}`,
    group: 'node-workers',
    subject: '@sched/runtime-node WorkerPool',
    other: peer,
    kind: /** @type {const} */ ('speedup'),
    target: 3,
  })),
  {
    label: 'worker offload saturated vs raw postMessage floor',
    group: 'node-workers',
    subject: '@sched/runtime-node WorkerPool',
    other: 'raw worker_threads postMessage',
    kind: 'floor',
    target: 1.5,
  },
  {
    label: 'worker round trip p50 vs raw MessagePort',
    group: 'node-workers-latency',
    subject: '@sched/runtime-node WorkerPool',
    other: 'raw MessagePort',
    kind: 'floor',
    target: 1.2,
  },
  {
    label: 'memory per pending task, capture on, vs native',
    group: 'node-memory',
    subject: '@sched/runtime-node spawn (capture on)',
    other: 'native async function',
    kind: 'floor',
    target: 1.2,
  },
  {
    label: 'Promise.all over Tasks, time, vs native',
    group: 'node-await-all',
    subject: 'time · @sched/runtime-node await Promise.all(tasks)',
    other: 'time · native',
    kind: 'floor',
    target: 1.2,
  },
  {
    label: 'Promise.all over Tasks, heap, vs native',
    group: 'node-await-all',
    subject: 'memory · @sched/runtime-node Promise.all(tasks), heap per task',
    other: 'memory · native',
    kind: 'floor',
    target: 1.2,
  },
  {
    label: 'browser dispatch vs React scheduler',
    group: 'browser-dispatch',
    subject: '@sched BrowserScheduler, throughput',
    other: 'React scheduler, throughput',
    kind: 'speedup',
    target: 1,
  },
];

const markdown = readFileSync(DOC, 'utf8');
const rows = scoreTargets(TARGETS, parseClaims(markdown));
const met = rows.filter((r) => r.met).length;
const measured = rows.filter((r) => r.score !== undefined).length;
writeFileSync(
  SVG,
  renderChart(rows, {
    title: '@sched: every performance ratio against its target',
    subtitle: `${met} of ${measured} measured targets met (${rows.length - measured} without a figure). Figures: the group sections of docs/benchmarks.md; drawn by pnpm bench:chart.`,
  }),
);
console.log(
  `wrote docs/benchmarks-chart.svg: ${met} of ${measured} measured targets met, ${rows.length - measured} without a figure`,
);
for (const row of rows) console.log(`  ${row.score === undefined ? '-' : row.met ? '✓' : '✗'} ${row.target.label}`);
