// Heap measurement for the memory groups (the harness runs them with --expose-gc).

/** Bytes of heap in use after two full collections (the second picks up what the first freed). */
export function heapUsedAfterGc() {
  const gc = /** @type {() => void} */ (globalThis.gc);
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
