// @sched/runtime-workers/testing: drive a Worker's handlers on the simulator (@sched/sim, an optional peer).
export {
  WorkersSimulator,
  type WorkersSimulatorOptions,
  type WorkersSimulatorReport,
} from './workers-simulator.js';
