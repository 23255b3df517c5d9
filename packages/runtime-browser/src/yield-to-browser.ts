import { nativePostTask } from './dispatch/post-task-turns.js';

/**
 * Resolves after the browser had a turn: other tasks, input and rendering may run first.
 * `scheduler.yield()` where the page has it (its continuation is queued ahead of other tasks of
 * the same priority), else a `MessageChannel` hop (a fresh macrotask, no timer clamp).
 * @internal
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = nativePostTask();
  if (scheduler !== undefined && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
