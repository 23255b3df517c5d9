import { GlobalScopeError } from './errors/global-scope-error.js';

/** Set once any handler has run, or once a probe timer was allowed: global scope is over for good. */
let leftGlobalScope = false;

const noop = (): void => {};

/** Called by `withSessions` on entry to every handler: module evaluation is over. */
export function markHandlerEntered(): void {
  leftGlobalScope = true;
}

/**
 * Throws {@link GlobalScopeError} if the isolate is still evaluating the Worker module.
 *
 * Why a probe: Workers give code no flag that says "global scope". What they do give is the rule
 * itself: creating a timer there throws. So until some handler has run (or a probe passed), this
 * creates and clears a zero-delay timer and turns workerd's generic "Disallowed operation" into a
 * typed error that names the @sched call. After the first success it costs one boolean read.
 */
export function assertOutsideGlobalScope(operation: string): void {
  if (leftGlobalScope) return;
  try {
    clearTimeout(setTimeout(noop, 0));
  } catch (error) {
    if (error instanceof Error && /global scope/i.test(error.message)) {
      throw new GlobalScopeError(operation, { cause: error });
    }
    throw error;
  }
  leftGlobalScope = true;
}
