// @sched/compat-gpui: GPUI's executor names over any @sched host.
export { type ErrorReporter, Task, type TaskBody, type TaskContext } from '@sched/core';
export { AsyncApp } from './async-app.js';
export { BackgroundExecutor } from './background-executor.js';
export { BlockInRunError } from './errors/block-in-run-error.js';
export { NotTestHostError } from './errors/not-test-host-error.js';
export { OffMainThreadError } from './errors/off-main-thread-error.js';
export { ParkingForbiddenError } from './errors/parking-forbidden-error.js';
export { ForegroundExecutor } from './foreground-executor.js';
export type { BlockResult } from './test-control/block.js';
export type { TestHost, TestRunOptions } from './test-control/test-host.js';
export { TestRng } from './test-control/test-rng.js';
