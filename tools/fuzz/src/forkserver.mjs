// AFL++'s forkserver protocol, spoken in-process: no fork per input. AFL writes a 4-byte word on
// the control pipe (fd 198) to start a run, reads the "child" pid and then its wait status on the
// status pipe (fd 199). Here the child is this process and each run is a function call.
import { readSync, writeSync } from 'node:fs';

export const CONTROL_FD = 198;
export const STATUS_FD = 199;
/** Wait status of a process killed by SIGABRT: how AFL recognises a crash. */
export const CRASH_STATUS = 6;
/** Wait status of a process that exited with code 2: the harness's "step budget used up". */
export const BUDGET_STATUS = 2 << 8;

/** @param {number} value */
function word(value) {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

/**
 * Serves runs until AFL closes the control pipe. `run` is called once per input and returns the
 * wait status to report (0 for a normal run). The map is cleared before each run.
 * @param {{ map: Uint8Array | undefined, run: () => Promise<number>, onStatus?: (status: number) => void }} options
 * @returns {Promise<number>} the number of inputs served
 */
export async function serveForkserver({ map, run, onStatus }) {
  writeSync(STATUS_FD, word(0)); // hello: no options, the plain protocol
  const control = Buffer.alloc(4);
  const pid = word(process.pid);
  let served = 0;
  for (;;) {
    let got = 0;
    while (got < 4) {
      const n = readSync(CONTROL_FD, control, got, 4 - got, null);
      if (n === 0) return served; // afl-fuzz is gone
      got += n;
    }
    map?.fill(0);
    writeSync(STATUS_FD, pid);
    const status = await run();
    writeSync(STATUS_FD, word(status));
    onStatus?.(status);
    served++;
  }
}
