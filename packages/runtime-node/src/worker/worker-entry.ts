/**
 * The script every `WorkerPool` worker thread runs: it creates this thread's scheduler (see
 * `threadScheduler`), announces itself, and hands each message from the pool to a
 * {@link JobRunner}. Not meant to be imported.
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import { monotonicClock } from '../clock.js';
import { OP_FAULT, OP_STARTED, type WorkerBootData } from '../pool/protocol.js';
import { threadScheduler } from '../thread-scheduler.js';
import { JobRunner } from './job-runner.js';

if (parentPort === null) throw new Error('@sched/runtime-node worker-entry must run in a worker thread');
const port = parentPort;
threadScheduler();
const runner = new JobRunner(port, new Int32Array((workerData as WorkerBootData).claims), monotonicClock);
port.on('message', (message: unknown[]) => runner.receive(message));
// A job that calls `process.exit` may follow short jobs whose results are still held: send them.
process.on('exit', () => runner.flush());
// Tell the pool whether the error that is about to kill this worker was thrown or a rejection
// (its `error` event carries only the error). A monitor changes nothing about how the error is handled.
process.on('uncaughtExceptionMonitor', (_error, origin) => port.postMessage([OP_FAULT, origin]));
port.postMessage([OP_STARTED]);
