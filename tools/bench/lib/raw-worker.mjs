// The worker side of node-workers' raw floors: no pool, no protocol beyond the minimum.
// - message mode: each message is `[id, x]`; the reply is `[id, inc(x)]` (pipelined postMessage).
// - atomics mode (workerData.shared set): a SharedArrayBuffer ping-pong; slot 0 is the state
//   (0 idle, 1 request, 2 reply, 3 stop: the main thread writes 1 or 3, the worker 2), slot 1 the value.

import { parentPort, workerData } from 'node:worker_threads';

const { inc } = await import(workerData.module);

if (workerData.shared === undefined) {
  parentPort?.on('message', (/** @type {[number, number]} */ m) => {
    parentPort?.postMessage([m[0], inc(m[1])]);
  });
  parentPort?.postMessage('ready');
} else {
  const cells = new Int32Array(workerData.shared);
  parentPort?.postMessage('ready');
  for (;;) {
    let state = Atomics.load(cells, 0);
    while (state !== 1 && state !== 3) {
      Atomics.wait(cells, 0, state);
      state = Atomics.load(cells, 0);
    }
    if (state === 3) break;
    cells[1] = inc(cells[1]);
    Atomics.store(cells, 0, 2);
    Atomics.notify(cells, 0);
  }
}
