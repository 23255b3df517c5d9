import { BYTE_TAPE_HEADER } from '../decisions/byte-tape-source.js';
import type { SeededSource } from '../decisions/seeded-source.js';

/** The mutations the coverage explorer applies to byte tapes. */
export type TapeMutation =
  | 'bit-flip'
  | 'byte-set'
  | 'splice'
  | 'truncate'
  | 'swap-adjacent'
  | 'insert-decision'
  | 'delete-decision'
  | 'reseed';

/** Every mutation, in the order {@link mutateTape} draws from. */
export const TAPE_MUTATIONS: readonly TapeMutation[] = [
  'bit-flip',
  'byte-set',
  'splice',
  'truncate',
  'swap-adjacent',
  'insert-decision',
  'delete-decision',
  'reseed',
];

/** Bytes a `byte-set` prefers: the default choice, its neighbour, and the extremes. */
const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff];

/**
 * Applies one mutation to a byte tape and returns a new tape (the input is not changed). Every
 * result is a valid tape (any byte string is) at least a header long; the body-level mutations
 * keep the header, and the schedule-aware ones (`swap-adjacent`, `insert-decision`,
 * `delete-decision`) treat each body byte as one decision, which it is for choices among at most
 * 256 candidates. `other` is the second parent of a `splice`.
 */
export function mutateTape(
  tape: Uint8Array,
  mutation: TapeMutation,
  rng: SeededSource,
  other: Uint8Array = tape,
): Uint8Array {
  const out = padded(tape);
  const body = out.length - BYTE_TAPE_HEADER;
  const at = (): number => BYTE_TAPE_HEADER + rng.choose(Math.max(1, body));
  switch (mutation) {
    case 'bit-flip': {
      if (body === 0) return withDecision(out, 1 + rng.choose(255));
      const i = at();
      out[i] = (out[i] as number) ^ (1 << rng.choose(8));
      return out;
    }
    case 'byte-set': {
      if (body === 0) return withDecision(out, rng.choose(256));
      const value = rng.choose(2) === 0 ? (INTERESTING[rng.choose(INTERESTING.length)] as number) : rng.choose(256);
      out[at()] = value;
      return out;
    }
    case 'splice': {
      // This tape's first decisions, then the other's from the cut on: two prefixes of runs joined.
      const cut = BYTE_TAPE_HEADER + rng.choose(body + 1);
      const donor = padded(other);
      const result = new Uint8Array(Math.max(cut, donor.length));
      result.set(out.subarray(0, cut));
      if (donor.length > cut) result.set(donor.subarray(cut), cut);
      return result;
    }
    case 'truncate':
      // The rest of the run falls back to the header's seed.
      return out.slice(0, BYTE_TAPE_HEADER + rng.choose(body + 1));
    case 'swap-adjacent': {
      if (body < 2) return mutateTape(out, 'byte-set', rng);
      const i = BYTE_TAPE_HEADER + rng.choose(body - 1);
      const a = out[i] as number;
      out[i] = out[i + 1] as number;
      out[i + 1] = a;
      return out;
    }
    case 'insert-decision': {
      const i = BYTE_TAPE_HEADER + rng.choose(body + 1);
      const result = new Uint8Array(out.length + 1);
      result.set(out.subarray(0, i));
      result[i] = rng.choose(4);
      result.set(out.subarray(i), i + 1);
      return result;
    }
    case 'delete-decision': {
      if (body === 0) return out;
      const i = at();
      const result = new Uint8Array(out.length - 1);
      result.set(out.subarray(0, i));
      result.set(out.subarray(i + 1), i);
      return result;
    }
    case 'reseed': {
      const seed = rng.nextUint32();
      out[0] = seed & 0xff;
      out[1] = (seed >>> 8) & 0xff;
      out[2] = (seed >>> 16) & 0xff;
      out[3] = (seed >>> 24) & 0xff;
      return out;
    }
  }
}

/** A copy of `tape` at least a header long (missing header bytes read as 0 anyway). */
function padded(tape: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.max(tape.length, BYTE_TAPE_HEADER));
  out.set(tape);
  return out;
}

function withDecision(tape: Uint8Array, value: number): Uint8Array {
  const result = new Uint8Array(tape.length + 1);
  result.set(tape);
  result[tape.length] = value;
  return result;
}
