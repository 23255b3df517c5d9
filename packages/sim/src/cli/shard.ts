import { CliUsageError } from './cli-usage-error.js';

/** One shard of a CI matrix: `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n), the form `vitest --shard` uses. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new CliUsageError(`--shard must be i/n with 1 ≤ i ≤ n, not "${text}"`);
  }
  return { index, count };
}

/**
 * The seeds of one shard: of the `budget` seeds from `from`, every `count`-th starting at the
 * shard's own offset, so the shards of a matrix partition the range (each seed runs on exactly
 * one shard) and each shard gets a spread of it.
 */
export function shardSeeds(from: number, budget: number, shard: Shard): number[] {
  const seeds: number[] = [];
  for (let offset = shard.index - 1; offset < budget; offset += shard.count) seeds.push(from + offset);
  return seeds;
}
