// The machine a run happens on, and access to the garbage collector.

import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * @typedef {object} MachineInfo
 * @property {string} node       e.g. "v20.20.2"
 * @property {string} v8
 * @property {string} platform   e.g. "linux x64"
 * @property {string} cpu        CPU model
 * @property {number} cores      logical cores available to this process
 * @property {number[]} loadavg  1, 5 and 15 minute load averages when the run started
 */

/** @returns {MachineInfo} */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/**
 * A function that runs a full garbage collection, or undefined when none can be had.
 * Uses `global.gc` when node runs with --expose-gc; otherwise enables the flag at run time
 * and takes `gc` from a fresh context. The function is also installed as `globalThis.gc` so
 * that groups measuring memory can collect before reading the heap.
 * @returns {(() => void) | undefined}
 */
export function obtainGc() {
  // A full collection also ages bytecode, and V8 drops the bytecode of functions unused for a few
  // collections: a memory group's heap reading could then shrink by code an earlier group
  // compiled (seen as a negative bytes-per-item in CI). Keep bytecode while benchmarking.
  setFlagsFromString('--no-flush-bytecode');
  const g = /** @type {{ gc?: () => void }} */ (globalThis);
  if (typeof g.gc === 'function') return g.gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    if (typeof gc !== 'function') return undefined;
    g.gc = gc;
    return gc;
  } catch {
    return undefined;
  }
}
