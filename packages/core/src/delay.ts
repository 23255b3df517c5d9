import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * Returns `delayMs` if it is a finite, non-negative number of milliseconds; throws
 * {@link InvalidArgumentError} for negative, NaN, infinite or non-number delays.
 */
export function checkDelay(delayMs: unknown, argument = 'delayMs'): number {
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new InvalidArgumentError(argument, delayMs, 'a finite number of milliseconds >= 0');
  }
  return delayMs;
}
