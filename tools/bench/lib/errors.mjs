// Error types of the harness. Each maps to a distinct outcome in run.mjs.

/** Bad command line or unknown group name: exit code 2, no group runs. */
export class BenchUsageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

/** A group file that does not follow the group contract (see tools/bench/README.md). */
export class GroupDefinitionError extends Error {
  /**
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = 'GroupDefinitionError';
  }
}
