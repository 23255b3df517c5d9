import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * Returns `value` if it is an integer ≥ 1; otherwise throws `InvalidArgumentError` naming
 * `name` and showing `given` (default `value`: pass what the user wrote when `value` was derived
 * from it, such as an environment variable parsed as a number).
 */
export function checkPositiveInteger(name: string, value: unknown, given: unknown = value): number {
  if (!Number.isInteger(value) || (value as number) < 1)
    throw new InvalidArgumentError(name, given, 'a positive integer');
  return value as number;
}

/** Returns `value` if it is an integer ≥ 0; otherwise throws `InvalidArgumentError` (see {@link checkPositiveInteger}). */
export function checkNonNegativeInteger(name: string, value: unknown, given: unknown = value): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new InvalidArgumentError(name, given, 'a non-negative integer');
  }
  return value as number;
}
