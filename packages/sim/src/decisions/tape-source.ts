import { InvalidArgumentError } from '@sched/core';
import type { DecisionSource } from './decision-source.js';

/**
 * Replays a recorded list of choices (a "schedule"); each is reduced modulo the number of
 * candidates, and once the tape runs out every decision is 0 (FIFO). The same tape always
 * gives the same run, which is what makes shrinking and fuzzing possible.
 */
export class TapeSource implements DecisionSource {
  readonly description: string;
  readonly #tape: readonly number[];
  #position = 0;

  constructor(tape: readonly number[]) {
    if (!Array.isArray(tape)) {
      throw new InvalidArgumentError(
        'schedule',
        tape,
        'an array of non-negative integers (parseSchedule turns "0.2.1" into one)',
      );
    }
    tape.forEach((choice: unknown, index) => {
      if (!Number.isInteger(choice) || (choice as number) < 0) {
        // Name the bad entry: `Invalid schedule[0]: -1; expected a non-negative integer …`.
        throw new InvalidArgumentError(
          `schedule[${index}]`,
          choice,
          'a non-negative integer (a schedule is a list of choices, each a candidate index)',
        );
      }
    });
    this.#tape = tape;
    this.description = `schedule ${formatSchedule(tape)}`;
  }

  /** How many choices have been read (including past the end). */
  get position(): number {
    return this.#position;
  }

  choose(n: number): number {
    const choice = this.#tape[this.#position++];
    return choice === undefined ? 0 : choice % n;
  }
}

/** Formats a schedule as the compact string accepted by {@link parseSchedule}, e.g. `0.2.1`. */
export function formatSchedule(tape: readonly number[]): string {
  return tape.length === 0 ? '-' : tape.join('.');
}

/** Parses `0.2.1` (or `-` for the empty schedule). Throws InvalidArgumentError on anything else. */
export function parseSchedule(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '-' || trimmed === '') return [];
  if (!/^\d+(\.\d+)*$/.test(trimmed)) {
    const parts = trimmed.split('.');
    const bad = parts.findIndex((part) => !/^\d+$/.test(part));
    throw new InvalidArgumentError(
      'schedule',
      text,
      `dot-separated non-negative integers, e.g. "0.2.1", or "-" (entry ${bad} is ${JSON.stringify(parts[bad])})`,
    );
  }
  return trimmed.split('.').map(Number);
}
