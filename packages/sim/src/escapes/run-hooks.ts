import { RealAsyncSpy } from './real-async-spy.js';
import { UnobservedErrorRouter } from './unobserved-error-router.js';

/**
 * Keeps the process-wide hooks a simulator run installs (the real-timer spies and the unobserved
 * error router) in place until the returned function is called. Multi-seed runs hold them across
 * their seeds, so each run only registers itself instead of swapping globals in and out; between
 * runs the hooks only forward. Holds nest. The spies only when `detectRealTimers` is not false.
 */
export function holdRunHooks(options: { readonly detectRealTimers?: boolean | undefined }): () => void {
  const spies = options.detectRealTimers === false ? () => {} : RealAsyncSpy.hold();
  const router = UnobservedErrorRouter.hold();
  return () => {
    router();
    spies();
  };
}
