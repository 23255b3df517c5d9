import { CliUsageError } from './cli-usage-error.js';

/** A parsed command line: positional arguments and `--name value` / `--flag` options. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

/**
 * Splits `argv` into positionals and options. `valued` names the options that take a value
 * (`--budget 100` or `--budget=100`); any other `--name` is a flag. `-o` is `--out`, `-h` `--help`.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const alias = arg === '-o' ? '--out' : arg === '-h' ? '--help' : arg;
    if (!alias.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = alias.indexOf('=');
    const name = eq < 0 ? alias.slice(2) : alias.slice(2, eq);
    if (!valued.includes(name)) {
      if (eq >= 0) throw new CliUsageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? alias.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new CliUsageError(`option --${name} needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

/** The string value of `--name`, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return value === true ? undefined : value;
}

/** The non-negative integer value of `--name`, or `fallback`. */
export function integerOption(args: ParsedArgs, name: string, fallback: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value)) throw new CliUsageError(`--${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

/** Rejects options no command knows, so a typo never silently does something else. */
export function checkKnown(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (!known.includes(name) && name !== 'help') throw new CliUsageError(`unknown option --${name}`);
  }
}
