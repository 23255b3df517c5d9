/** The isolate's `scheduler.wait`, where it exists (workerd has it; Node and browsers differ). */
interface WorkersTimerScheduler {
  wait(delayMs: number): Promise<void>;
}

function workersScheduler(): WorkersTimerScheduler | undefined {
  const candidate = (globalThis as { scheduler?: { wait?: unknown } }).scheduler;
  return typeof candidate?.wait === 'function' ? (candidate as WorkersTimerScheduler) : undefined;
}

/**
 * Runs `fn` on a later macrotask turn of the event loop: after pending I/O callbacks and timers
 * that are already due, so a response or a fetch result is not held up by queued work.
 * On Workers this is `scheduler.wait(0)` (the isolate's own awaitable timer); elsewhere a
 * zero-delay `setTimeout`.
 */
export function onNextMacrotask(fn: () => void): void {
  const wait = workersScheduler();
  if (wait !== undefined) void wait.wait(0).then(fn);
  else setTimeout(fn, 0);
}
