import type { Runnable } from '../../src/index.js';

/** A `TestHost` chooser driven by a list of numbers (e.g. from fast-check); past its end it picks the first. */
export function chooser(choices: readonly number[]): (ready: readonly Runnable[]) => number {
  let cursor = 0;
  return (ready) => (cursor < choices.length ? (choices[cursor++] as number) % ready.length : 0);
}
