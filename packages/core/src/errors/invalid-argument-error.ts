import { SchedError } from './sched-error.js';

/**
 * Thrown synchronously for bad input: negative, NaN or infinite delays, unknown priorities,
 * invalid seeds, capacities that are not positive integers, and so on.
 * `argument` names the parameter and `value` holds what was passed.
 */
export class InvalidArgumentError extends SchedError {
  /** Name of the offending parameter. */
  readonly argument: string;
  /** The rejected value, as passed. */
  readonly value: unknown;

  constructor(argument: string, value: unknown, expected: string) {
    super('ERR_INVALID_ARGUMENT', `Invalid ${argument}: ${describe(value)}; expected ${expected}.`);
    this.argument = argument;
    this.value = value;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Object.prototype.toString.call(value);
  return String(value);
}
