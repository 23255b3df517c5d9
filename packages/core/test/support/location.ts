/**
 * `file:line` of the code that called this helper, read from a V8 stack the same way core reads
 * spawn locations. Put it on the same line as a spawn to get the expected location.
 */
export function callerLine(): string {
  const stack = new Error('here').stack ?? '';
  // [0] "Error: here", [1] this helper, [2] the caller.
  const frame = stack.split('\n')[2] ?? '';
  const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(frame.trim());
  if (match === null) throw new Error(`cannot parse stack frame: ${frame}`);
  return `${(match[1] as string).replace(/^file:\/\//, '')}:${match[2] as string}`;
}

/** Drops the column from a `file:line:column` location. */
export function withoutColumn(location: string | undefined): string | undefined {
  return location?.replace(/:\d+$/, '');
}

/**
 * Runs `fn` with `Error.prepareStackTrace` set to `hook` (`'installed'`: left as it is, which
 * under vitest is its source-map hook; `undefined`: none, so V8 formats generated positions and
 * core reads its call sites directly), and restores it.
 */
export function withPrepareStackTrace<T>(hook: 'installed' | undefined, fn: () => T): T {
  const ErrorClass = Error as unknown as { prepareStackTrace?: unknown };
  const installed = ErrorClass.prepareStackTrace;
  if (hook === undefined) ErrorClass.prepareStackTrace = undefined;
  try {
    return fn();
  } finally {
    ErrorClass.prepareStackTrace = installed;
  }
}
