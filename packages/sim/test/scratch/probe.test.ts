import { test } from 'vitest';
import { findFailure, shrinkSchedule, runOne, formatSchedule, renderTimeline } from '@sched/sim';
import { bankScenario, DEMO_OPTIONS } from '../../../../tools/demo/src/scenario.js';

test('demo', async () => {
  let t = performance.now();
  const f = await findFailure((sim) => bankScenario(sim), { from: 0, count: 1000 }, DEMO_OPTIONS);
  console.log('found', f?.seed, String(f?.error), performance.now() - t, formatSchedule(f!.outcome.simulator.schedule));
  t = performance.now();
  const s = await shrinkSchedule((sim) => bankScenario(sim), f!.outcome.simulator.schedule, DEMO_OPTIONS);
  console.log('shrunk', formatSchedule(s.schedule), s.runs, performance.now() - t);
  console.log(renderTimeline(s.outcome.simulator.trace.events));
  t = performance.now();
  const g = await findFailure((sim) => bankScenario(sim, true), { from: 0, count: 300 }, DEMO_OPTIONS);
  console.log('fixed', g, performance.now() - t);
});
