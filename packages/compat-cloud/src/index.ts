// @sched/compat-cloud: the cloud runtime's names over any @sched host. The simulator side
// (Simulator.once / many, SimulatedExecutionContext) is in @sched/compat-cloud/sim.
export type { ExecutionContextLike } from './execution-context.js';
export { ExecutionSession } from './execution-session.js';
export { PlatformRuntime } from './platform-runtime.js';
export type { RunHost } from './run-host.js';
export type { Work } from './work.js';
