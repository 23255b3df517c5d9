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
    for (const choice of tape) {
      if (!Number.isInteger(choice) || choice < 0) {
        throw new InvalidArgumentError('schedule', tape, 'a list of non-negative integers');
      }
    }
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
    throw new InvalidArgumentError('schedule', text, 'dot-separated non-negative integers, e.g. "0.2.1", or "-"');
  }
  return trimmed.split('.').map(Number);
}
