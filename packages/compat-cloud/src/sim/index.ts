// @sched/compat-cloud/sim: the cloud simulator API, for tests (depends on @sched/sim).

export { SimulatedExecutionContext, WAIT_UNTIL_DELAY_MS } from './simulated-execution-context.js';
export { type CloudSimOptions, type SeedResult, Simulator } from './simulator.js';
export type { CloudTapeOptions, TapeResult } from './tape-result.js';
