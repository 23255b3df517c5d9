// Mutation-testing follow-up (docs/mutation.md, "sim: cli/"): the argument parser, the shard
// parser and the error text of the `sched` CLI, asserted value by value.
import { SchedError } from '@sched/core';
import { describe, expect, it } from 'vitest';
import { checkKnown, integerOption, parseArgs, stringOption } from '../../src/cli/args.js';
import { CliUsageError } from '../../src/cli/cli-usage-error.js';
import { errorText } from '../../src/cli/error-text.js';
import { parseShard, shardSeeds } from '../../src/cli/shard.js';

/** The usage error `fn` throws (fails the test if it throws nothing or something else). */
function usageError(fn: () => unknown): CliUsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return error as CliUsageError;
  }
  throw new Error('expected a CliUsageError');
}

describe('parseArgs', () => {
  it('keeps positionals in order and splits valued options from flags', () => {
    const args = parseArgs(['a', '--budget', '7', 'b', '--progress', '--out=x.replay', 'c'], ['budget', 'out']);
    expect(args.positional).toEqual(['a', 'b', 'c']);
    expect([...args.options]).toEqual([
      ['budget', '7'],
      ['progress', true],
      ['out', 'x.replay'],
    ]);
  });

  it('reads -o as --out and -h as --help, and nothing else as an alias', () => {
    expect([...parseArgs(['-o', 'f'], ['out']).options]).toEqual([['out', 'f']]);
    expect([...parseArgs(['-h'], []).options]).toEqual([['help', true]]);
    // A single dash is a positional, not an option.
    expect(parseArgs(['-x', '-'], ['x']).positional).toEqual(['-x', '-']);
  });

  it('takes everything after -- as positionals, options included', () => {
    const args = parseArgs(['a', '--', '--budget', '3', '-o'], ['budget', 'out']);
    expect(args.positional).toEqual(['a', '--budget', '3', '-o']);
    expect(args.options.size).toBe(0);
  });

  it('keeps an = inside a value', () => {
    expect(parseArgs(['--out=a=b'], ['out']).options.get('out')).toBe('a=b');
  });

  it('rejects a value given to a flag, and a valued option without a value', () => {
    const flag = usageError(() => parseArgs(['--progress=1'], ['budget']));
    expect(flag.message).toBe('option --progress takes no value (run `sched --help`)');
    expect(flag.code).toBe('ERR_SIM_CLI_USAGE');
    expect(flag).toBeInstanceOf(SchedError);
    expect(usageError(() => parseArgs(['--budget'], ['budget'])).message).toBe(
      'option --budget needs a value (run `sched --help`)',
    );
    expect(usageError(() => parseArgs(['--budget='], ['budget'])).message).toBe(
      'option --budget needs a value (run `sched --help`)',
    );
    expect(usageError(() => parseArgs(['--budget', ''], ['budget'])).message).toContain('--budget needs a value');
  });
});

describe('stringOption, integerOption, checkKnown', () => {
  const args = parseArgs(
    ['--out', 'f', '--flag', '--n', '0012', '--big', '12345678901', '--neg', '-1'],
    ['out', 'n', 'big', 'neg'],
  );

  it('stringOption: the value, undefined for a flag or a missing option', () => {
    expect(stringOption(args, 'out')).toBe('f');
    expect(stringOption(args, 'flag')).toBeUndefined();
    expect(stringOption(args, 'missing')).toBeUndefined();
  });

  it('integerOption: decimal digits only (at most 10), the fallback when missing', () => {
    expect(integerOption(args, 'n', 5)).toBe(12);
    expect(integerOption(args, 'missing', 5)).toBe(5);
    expect(integerOption(args, 'flag', 9)).toBe(9);
    expect(usageError(() => integerOption(args, 'big', 0)).message).toBe(
      '--big must be a non-negative integer, not "12345678901" (run `sched --help`)',
    );
    expect(usageError(() => integerOption(args, 'neg', 0)).message).toContain('--neg must be a non-negative integer');
    for (const bad of ['1.5', '1e3', ' 1', '1 ', '0x1', 'x1', '1x']) {
      const one = parseArgs(['--n', bad], ['n']);
      expect(() => integerOption(one, 'n', 0), bad).toThrow(CliUsageError);
    }
    expect(integerOption(parseArgs(['--n', '9999999999'], ['n']), 'n', 0)).toBe(9_999_999_999);
  });

  it('checkKnown: every option must be known; --help always is', () => {
    expect(() => checkKnown(parseArgs(['--out', 'f', '--help'], ['out']), ['out'])).not.toThrow();
    expect(usageError(() => checkKnown(parseArgs(['--out', 'f', '--nope'], ['out']), ['out'])).message).toBe(
      'unknown option --nope (run `sched --help`)',
    );
  });
});

describe('parseShard and shardSeeds', () => {
  it('parses i/n with 1 ≤ i ≤ n', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/3')).toEqual({ index: 3, count: 3 });
    expect(parseShard('2/10')).toEqual({ index: 2, count: 10 });
    expect(parseShard('999999/999999')).toEqual({ index: 999_999, count: 999_999 });
  });

  it.each(['0/3', '4/3', '1/0', '0/0', '1', '1/2/3', ' 1/2', '1/2 ', 'a/b', '/2', '1/', '1234567/1234567', '-1/2'])(
    'rejects "%s" with a usage error naming it',
    (text) => {
      expect(usageError(() => parseShard(text)).message).toBe(
        `--shard must be i/n with 1 ≤ i ≤ n, not "${text}" (run \`sched --help\`)`,
      );
    },
  );

  it('gives each shard every n-th seed from its own offset, so the shards partition the range', () => {
    expect(shardSeeds(10, 7, { index: 1, count: 3 })).toEqual([10, 13, 16]);
    expect(shardSeeds(10, 7, { index: 2, count: 3 })).toEqual([11, 14]);
    expect(shardSeeds(10, 7, { index: 3, count: 3 })).toEqual([12, 15]);
    expect(shardSeeds(0, 2, { index: 3, count: 3 })).toEqual([]);
    expect(shardSeeds(5, 3, { index: 1, count: 1 })).toEqual([5, 6, 7]);
    expect(shardSeeds(0, 0, { index: 1, count: 1 })).toEqual([]);
  });
});

describe('errorText', () => {
  it('is `Name: message` for an Error, its first line only', () => {
    expect(errorText(new TypeError('boom'))).toBe('TypeError: boom');
    expect(errorText(new Error('first\nsecond\nthird'))).toBe('Error: first');
    const custom = new Error('m');
    custom.name = 'Custom';
    expect(errorText(custom)).toBe('Custom: m');
  });

  it('is String(value) for anything else, first line only', () => {
    expect(errorText('plain')).toBe('plain');
    expect(errorText('a\nb')).toBe('a');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText({ name: 'Error', message: 'not an Error' })).toBe('[object Object]');
  });
});
