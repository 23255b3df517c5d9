import { many } from '@sched/sim';
import { setSpawnLocationCapture } from '@sched/core';
if (process.argv[3] === 'nocap') setSpawnLocationCapture(false);
async function lostUpdateSim(sim) {
  const state = { counter: 0 };
  const tasks = [];
  for (let t = 0; t < 3; t++) tasks.push(sim.spawn(async (ctx) => { const seen = state.counter; await ctx.yieldNow(); state.counter = seen + 1; }));
  await sim.runUntil(Promise.all(tasks));
  return String(state.counter);
}
const trace = process.argv[2] !== 'notrace';
for (let i = 0; i < 3; i++) await many(2000, lostUpdateSim, { trace });
const t = process.hrtime.bigint();
for (let i = 0; i < 10; i++) await many(2000, lostUpdateSim, { trace });
console.log(`${(Number(process.hrtime.bigint() - t) / 10 / 2000 / 1000).toFixed(1)} µs/schedule`);
