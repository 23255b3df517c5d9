// AFL++'s coverage map, seen from JavaScript through the project's N-API addon.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ADDON = fileURLToPath(new URL('../dist/afl_shm.node', import.meta.url));

/** Map size AFL is told to use (AFL_MAP_SIZE); the harness and afl-fuzz must agree. */
export const DEFAULT_MAP_SIZE = 65536;

/**
 * Attaches AFL's shared-memory map (`__AFL_SHM_ID`) and returns it as bytes, or undefined when
 * the process does not run under afl-fuzz. Throws with the build command if the addon is missing.
 * @param {number} size
 * @returns {Uint8Array | undefined}
 */
export function attachAflMap(size = DEFAULT_MAP_SIZE) {
  if (!existsSync(ADDON)) {
    throw new Error(`the AFL map addon is not built (${ADDON}); run: pnpm --filter @sched/fuzz build`);
  }
  const addon = /** @type {{ attach(size: number): ArrayBuffer | null }} */ (createRequire(import.meta.url)(ADDON));
  const buffer = addon.attach(size);
  return buffer === null ? undefined : new Uint8Array(buffer);
}
