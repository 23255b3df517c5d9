import { InvalidArgumentError } from '@sched/core';
import type { DecisionSource } from './decision-source.js';
import { SeededSource } from './seeded-source.js';

/** Bytes in a byte tape's header: a 32-bit little-endian fallback seed, then one flags byte. */
export const BYTE_TAPE_HEADER = 5;

/**
 * Every nondeterministic decision of a run, read from bytes: the form a fuzzer (AFL++, a
 * libFuzzer-style engine, a mutating explorer) feeds the simulator. Any byte string is a valid
 * tape, and the same tape always gives the same run.
 *
 * Layout (version 1):
 * - bytes 0–3: a fallback seed, unsigned 32-bit little-endian. Missing header bytes read as 0.
 * - byte 4: flags. Bit 0 opts in to fault injection where a scenario offers it (see
 *   {@link ByteTapeSource.faults}); the other bits are reserved and ignored.
 * - then one decision after another. A choice among `n ≤ 256` candidates reads one byte, among
 *   `n ≤ 65,536` two bytes, else four (little-endian). The value `v` read maps to `v % n`, so an
 *   out-of-range byte still picks a candidate, and byte 0 is always the default (FIFO) choice.
 * - when the bytes run out, the remaining decisions come from a {@link SeededSource} on the
 *   header's seed, so a short tape still explores instead of collapsing to FIFO.
 */
export class ByteTapeSource implements DecisionSource {
  readonly description: string;
  /** The header's fallback seed. */
  readonly seed: number;
  /** The header's flags byte. */
  readonly flags: number;
  readonly #bytes: Uint8Array;
  #offset = BYTE_TAPE_HEADER;
  #decisions = 0;
  #fallback: SeededSource | undefined;

  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) {
      throw new InvalidArgumentError('tape', bytes, 'a Uint8Array (or Buffer) of tape bytes');
    }
    this.#bytes = bytes;
    const at = (i: number): number => bytes[i] ?? 0;
    this.seed = (at(0) | (at(1) << 8) | (at(2) << 16) | (at(3) << 24)) >>> 0;
    this.flags = at(4);
    this.description = `tape of ${bytes.length} bytes`;
  }

  /** Whether the tape opts in to fault injection (flags bit 0). */
  get faults(): boolean {
    return (this.flags & 1) === 1;
  }

  /** Decisions made so far, from the tape or its fallback. */
  get decisions(): number {
    return this.#decisions;
  }

  /** Tape bytes consumed so far, header included (at most the tape's length). */
  get consumed(): number {
    return Math.min(this.#offset, this.#bytes.length);
  }

  /** Whether a decision has been taken from the fallback seed because the bytes ran out. */
  get exhausted(): boolean {
    return this.#fallback !== undefined;
  }

  choose(n: number): number {
    this.#decisions++;
    const width = n <= 0x100 ? 1 : n <= 0x1_0000 ? 2 : 4;
    const bytes = this.#bytes;
    if (this.#fallback === undefined && this.#offset + width <= bytes.length) {
      const o = this.#offset;
      this.#offset = o + width;
      let v = 0;
      for (let b = 0; b < width; b++) v |= (bytes[o + b] ?? 0) << (8 * b);
      return (v >>> 0) % n;
    }
    this.#offset = bytes.length;
    this.#fallback ??= new SeededSource(this.seed);
    return this.#fallback.choose(n);
  }
}

/**
 * Writes choices back as a byte tape that {@link ByteTapeSource} replays exactly: `choices[i]`
 * is a choice among `counts[i]` candidates (as a `RecordingSource` records them).
 */
export function encodeByteTape(
  choices: readonly number[],
  counts: readonly number[],
  header: { seed?: number; flags?: number } = {},
): Uint8Array {
  if (choices.length !== counts.length) {
    throw new InvalidArgumentError('counts', counts, `one candidate count per choice (${choices.length})`);
  }
  const widths = counts.map((n) => (n <= 0x100 ? 1 : n <= 0x1_0000 ? 2 : 4));
  const out = new Uint8Array(BYTE_TAPE_HEADER + widths.reduce((a, b) => a + b, 0));
  const seed = (header.seed ?? 0) >>> 0;
  out[0] = seed & 0xff;
  out[1] = (seed >>> 8) & 0xff;
  out[2] = (seed >>> 16) & 0xff;
  out[3] = (seed >>> 24) & 0xff;
  out[4] = (header.flags ?? 0) & 0xff;
  let o = BYTE_TAPE_HEADER;
  choices.forEach((choice, i) => {
    const n = counts[i] ?? 0;
    if (!Number.isInteger(choice) || choice < 0 || choice >= n) {
      throw new InvalidArgumentError(`choices[${i}]`, choice, `an integer in [0, ${n})`);
    }
    for (let b = 0; b < (widths[i] ?? 0); b++) out[o++] = (choice >>> (8 * b)) & 0xff;
  });
  return out;
}
