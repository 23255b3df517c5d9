import { ReplayFileError } from '../errors/replay-file-error.js';

/** Format version written by {@link formatReplayFile} and the only one {@link parseReplayFile} reads. */
export const REPLAY_FILE_VERSION = 1;

/** The decisions a replay file replays: a schedule (`0.2.1`), a byte tape, or a seed. */
export type ReplayDecisions =
  | { readonly kind: 'schedule'; readonly schedule: readonly number[] }
  | { readonly kind: 'tape'; readonly tape: Uint8Array }
  | { readonly kind: 'seed'; readonly seed: number };

/** A strategy parameter: what a search was told (`budget`, `from`, `shard` …). */
export type StrategyParam = string | number | boolean;

/**
 * Everything needed to replay one run of a scenario, and where it came from.
 *
 * @example
 * ```ts
 * import { formatReplayFile, parseReplayFile } from '@sched/sim';
 *
 * const text = formatReplayFile({
 *   scenario: './scenarios.js#lostUpdate',
 *   packageVersion: '1.0.0',
 *   strategy: { name: 'seeded', params: { budget: 100 } },
 *   decisions: { kind: 'schedule', schedule: [0, 2, 1] },
 * });
 * console.log(parseReplayFile(text).decisions); // { kind: 'schedule', schedule: [ 0, 2, 1 ] }
 * ```
 */
export interface ReplayFile {
  /** The scenario, as the CLI names it: `<module>#<export>` (or any name the reader resolves). */
  readonly scenario: string;
  /** Version of `@sched/sim` that wrote the file. */
  readonly packageVersion: string;
  /** The search that found the run: its name and parameters. */
  readonly strategy: { readonly name: string; readonly params: Readonly<Record<string, StrategyParam>> };
  /** The decisions to replay. */
  readonly decisions: ReplayDecisions;
  /** How the recorded run failed, e.g. `Error: lost update` (absent for a passing run). */
  readonly failure?: string | undefined;
}

/** Options of {@link parseReplayFile}. */
export interface ParseReplayFileOptions {
  /** When given, a file written by another `@sched/sim` version is rejected (`package-version`). */
  readonly packageVersion?: string | undefined;
}

const MAGIC = 'sched-replay';
const HEADER = /^sched-replay v(\d{1,6}) len=(\d{1,9}) fnv=([0-9a-f]{8})$/;
const MAX_CHOICE = 0xffff_ffff;

/**
 * Writes a replay file: one header line `sched-replay v1 len=<bytes> fnv=<hash>` (the length and
 * FNV-1a hash of the body, so a cut or damaged file is detected), then a JSON body. A byte tape
 * is stored as hex.
 */
export function formatReplayFile(file: ReplayFile): string {
  const { decisions } = file;
  const body = JSON.stringify({
    scenario: file.scenario,
    packageVersion: file.packageVersion,
    strategy: { name: file.strategy.name, params: { ...file.strategy.params } },
    decisions:
      decisions.kind === 'tape'
        ? { kind: 'tape', tape: toHex(decisions.tape) }
        : decisions.kind === 'schedule'
          ? { kind: 'schedule', schedule: [...decisions.schedule] }
          : { kind: 'seed', seed: decisions.seed },
    ...(file.failure === undefined ? {} : { failure: file.failure }),
  });
  const bytes = utf8(body);
  return `${MAGIC} v${REPLAY_FILE_VERSION} len=${bytes.length} fnv=${hex32(fnv1a(bytes))}\n${body}\n`;
}

/**
 * Reads a replay file written by {@link formatReplayFile}, from text or bytes. Any input either
 * parses or throws {@link ReplayFileError} (`truncated`, `corrupt`, `format-version`,
 * `package-version`); nothing else is ever thrown.
 */
export function parseReplayFile(input: string | Uint8Array, options: ParseReplayFileOptions = {}): ReplayFile {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  const newline = bytes.indexOf(0x0a);
  const headerText = latin1(newline < 0 ? bytes : bytes.subarray(0, newline));
  if (newline < 0 && (MAGIC.startsWith(headerText) || headerText.startsWith(MAGIC))) {
    throw new ReplayFileError('truncated', `the file ends inside its header (${bytes.length} bytes)`);
  }
  const header = HEADER.exec(headerText);
  if (header === null) {
    throw new ReplayFileError('corrupt', `the first line is not a "${MAGIC} v<version> len=<n> fnv=<hash>" header`);
  }
  const version = Number(header[1]);
  if (version !== REPLAY_FILE_VERSION) {
    throw new ReplayFileError(
      'format-version',
      `format v${version}; this @sched/sim reads v${REPLAY_FILE_VERSION} only`,
    );
  }
  const length = Number(header[2]);
  let body = bytes.subarray(newline + 1);
  if (body.length > 0 && body[body.length - 1] === 0x0a) body = body.subarray(0, body.length - 1);
  if (body.length < length) {
    throw new ReplayFileError('truncated', `the body has ${body.length} of its ${length} bytes`);
  }
  if (body.length > length) throw new ReplayFileError('corrupt', `the body has ${body.length} bytes, not ${length}`);
  if (hex32(fnv1a(body)) !== header[3]) {
    throw new ReplayFileError('corrupt', `the body's hash is ${hex32(fnv1a(body))}, not ${header[3]}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new ReplayFileError('corrupt', `the body is not JSON (${String(error)})`);
  }
  const file = validate(json);
  if (options.packageVersion !== undefined && file.packageVersion !== options.packageVersion) {
    throw new ReplayFileError(
      'package-version',
      `written by @sched/sim ${file.packageVersion}, read by ${options.packageVersion}`,
    );
  }
  return file;
}

function validate(json: unknown): ReplayFile {
  const bad = (what: string): never => {
    throw new ReplayFileError('corrupt', what);
  };
  if (!isRecord(json)) return bad('the body is not an object');
  const { scenario, packageVersion, strategy, decisions, failure } = json;
  if (typeof scenario !== 'string' || scenario === '') return bad('"scenario" is not a non-empty string');
  if (typeof packageVersion !== 'string') return bad('"packageVersion" is not a string');
  if (failure !== undefined && typeof failure !== 'string') return bad('"failure" is not a string');
  if (!isRecord(strategy) || typeof strategy.name !== 'string' || !isRecord(strategy.params)) {
    return bad('"strategy" is not { name, params }');
  }
  const entries: [string, StrategyParam][] = [];
  for (const [key, value] of Object.entries(strategy.params)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return bad(`strategy parameter "${key}" is not a string, number or boolean`);
    }
    entries.push([key, value]);
  }
  // fromEntries defines each key as an own property: `params[key] = value` would turn a key
  // named "__proto__" into a prototype change and lose it.
  const params: Record<string, StrategyParam> = Object.fromEntries(entries);
  if (!isRecord(decisions)) return bad('"decisions" is not an object');
  let parsed: ReplayDecisions;
  if (decisions.kind === 'schedule') {
    const { schedule } = decisions;
    if (!Array.isArray(schedule) || !schedule.every((c) => Number.isInteger(c) && c >= 0 && c <= MAX_CHOICE)) {
      return bad('"decisions.schedule" is not a list of non-negative integers');
    }
    parsed = { kind: 'schedule', schedule: schedule as number[] };
  } else if (decisions.kind === 'tape') {
    const { tape } = decisions;
    if (typeof tape !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(tape)) return bad('"decisions.tape" is not hex bytes');
    parsed = { kind: 'tape', tape: fromHex(tape) };
  } else if (decisions.kind === 'seed') {
    const { seed } = decisions;
    if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > MAX_CHOICE) {
      return bad('"decisions.seed" is not a 32-bit unsigned integer');
    }
    parsed = { kind: 'seed', seed: seed as number };
  } else {
    return bad('"decisions.kind" is not "schedule", "tape" or "seed"');
  }
  return {
    scenario,
    packageVersion,
    strategy: { name: strategy.name, params },
    decisions: parsed,
    ...(failure === undefined ? {} : { failure }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes.subarray(0, 200)) text += String.fromCharCode(byte);
  return text;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193);
  return h >>> 0;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
