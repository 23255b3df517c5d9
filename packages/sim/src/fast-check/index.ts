export {
  byteTapeArbitrary,
  TAPE_HEADER_BYTES,
  type TapeArbitraryOptions,
  tapeArbitrary,
} from './tape-arbitrary.js';
