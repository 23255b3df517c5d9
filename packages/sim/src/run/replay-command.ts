/** Builds the shell command that replays one seed (or one schedule). */
export type ReplayCommand = (replay: { readonly seed?: number; readonly schedule?: string }) => string;

/** What {@link runnerCommand} looks at; every field defaults to the current process. */
export interface RunnerContext {
  /** Environment variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** `process.execArgv` (default: the current one). */
  readonly execArgv?: readonly string[] | undefined;
  /** `process.argv` (default: the current one). */
  readonly argv?: readonly string[] | undefined;
  /** Whether an executable is on `PATH` (default: looks through `PATH`). */
  readonly isOnPath?: ((command: string) => boolean) | undefined;
  /** The vitest test that is running, if any (default: read from vitest's worker state). */
  readonly vitestTest?: VitestTestRef | undefined;
}

/** A vitest test, as needed to select exactly it from the command line. */
export interface VitestTestRef {
  /** Test file path, relative to the working directory. */
  readonly file: string;
  /** The test name and the names of its enclosing `describe` blocks, outermost first. */
  readonly names: readonly string[];
}

/** `SEED=<n>` or `SCHEDULE=<s>`: what goes in front of a replay command. */
export function replayPrefix(replay: { readonly seed?: number; readonly schedule?: string }): string {
  return replay.schedule !== undefined ? `SCHEDULE=${shellQuote(replay.schedule)}` : `SEED=${replay.seed ?? 0}`;
}

/**
 * Default replay command: `SEED=<n>` (or `SCHEDULE=<s>`) in front of a command that re-runs
 * what is running now, and that works on a machine without this project's tools:
 *
 * - under vitest: `npx vitest run <file> -t '^<full test name>$'` (just `npx vitest run` when
 *   the running test is unknown);
 * - under a package script: `npm run <script>`, or `pnpm run <script>` / `yarn run <script>` /
 *   `bun run <script>` when that is the package manager running it *and* it is on `PATH`
 *   (pnpm that is not on `PATH` becomes `npx -y pnpm@<major> run <script>`);
 * - otherwise the node command line of this process.
 */
export const processReplayCommand: ReplayCommand = (replay) => {
  if (typeof process === 'undefined') return replayPrefix(replay);
  return `${replayPrefix(replay)} ${runnerCommand()}`;
};

/** The command (without `SEED=`) that re-runs what this process is running; see {@link processReplayCommand}. */
export function runnerCommand(context: RunnerContext = {}): string {
  const env = context.env ?? (typeof process === 'undefined' ? {} : process.env);
  if (env.VITEST !== undefined && env.VITEST !== '') {
    const test = 'vitestTest' in context ? context.vitestTest : currentVitestTest();
    return test === undefined ? 'npx vitest run' : vitestCommand(test);
  }
  // `npm run x` / `pnpm x` set the script name; `npx` sets it to "npx", which is no script.
  const script = env.npm_lifecycle_event;
  if (script !== undefined && script !== '' && script !== 'npx') {
    const onPath = context.isOnPath ?? isOnPath;
    const agent = /^([a-z]+)\/(\d+)/.exec(env.npm_config_user_agent ?? '');
    const name = agent?.[1];
    const quoted = shellQuote(script);
    if (name === 'pnpm') {
      return onPath('pnpm') ? `pnpm run ${quoted}` : `npx -y pnpm@${agent?.[2]} run ${quoted}`;
    }
    if ((name === 'yarn' || name === 'bun') && onPath(name)) return `${name} run ${quoted}`;
    return `npm run ${quoted}`;
  }
  const execArgv = context.execArgv ?? (typeof process === 'undefined' ? [] : process.execArgv);
  const argv = context.argv ?? (typeof process === 'undefined' ? [] : process.argv);
  return ['node', ...execArgv, ...argv.slice(1)].map(shellQuote).join(' ');
}

/**
 * `npx vitest run <file> -t '^<name>$'`: runs exactly that test. Vitest matches `-t` (a regular
 * expression) against the describe names and the test name joined by single spaces, so the
 * name is escaped, anchored and shell-quoted.
 */
export function vitestCommand(test: VitestTestRef): string {
  return `npx vitest run ${shellQuote(test.file)} -t ${shellQuote(vitestNamePattern(test.names))}`;
}

/** The `-t` pattern that matches exactly the test with these names (outermost describe first). */
export function vitestNamePattern(names: readonly string[]): string {
  return `^${escapeRegExp(names.join(' '))}$`;
}

/** Escapes every regular-expression metacharacter, so the text matches itself. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Quotes `text` for a POSIX shell (unchanged when it has no special characters). */
export function shellQuote(text: string): string {
  if (/^[\w./:=@%+,-]+$/.test(text)) return text;
  return `'${text.replaceAll("'", "'\\''")}'`;
}

interface VitestTaskLike {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly suite?: VitestTaskLike | undefined;
  readonly file?: { readonly filepath?: unknown } | undefined;
}

/**
 * The names of a vitest task and its enclosing suites, outermost first, exactly as vitest joins
 * them when it matches `-t` (the file itself is not part of it).
 */
export function vitestTaskNames(task: VitestTaskLike): string[] {
  const names: string[] = [];
  for (let current: VitestTaskLike | undefined = task; current !== undefined; current = current.suite) {
    if (current === (task.file as unknown)) break;
    names.unshift(String(current.name));
  }
  return names;
}

/** The running vitest test, read from vitest's worker state (undefined outside a test). */
function currentVitestTest(): VitestTestRef | undefined {
  const state = (globalThis as { __vitest_worker__?: { current?: VitestTaskLike } }).__vitest_worker__;
  const task = state?.current;
  const file = task?.file?.filepath;
  if (task?.type !== 'test' || typeof file !== 'string') return undefined;
  return { file: relativeToCwd(file), names: vitestTaskNames(task) };
}

/** `path` relative to the working directory (forward slashes), or unchanged if it is not below it. */
export function relativeToCwd(path: string): string {
  if (typeof process === 'undefined') return path;
  const cwd = process.cwd().replaceAll('\\', '/');
  const normalized = path.replaceAll('\\', '/');
  return normalized.startsWith(`${cwd}/`) ? normalized.slice(cwd.length + 1) : path;
}

/** True if `command` is an executable file in one of the `PATH` folders. */
function isOnPath(command: string): boolean {
  const fs = process.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
  if (fs === undefined) return false;
  const windows = process.platform === 'win32';
  // Folders a runner adds for the duration of a script (`node_modules/.bin`, npx's cache, as in
  // `npx -y pnpm@10 demo`) are not on the PATH of the shell the user will paste the command in.
  const folders = (process.env.PATH ?? '')
    .split(windows ? ';' : ':')
    .filter((f) => f !== '' && !/[\\/](?:node_modules|_npx)[\\/]/.test(f));
  const names = windows ? [`${command}.cmd`, `${command}.exe`, command] : [command];
  return folders.some((folder) =>
    names.some((name) => {
      try {
        fs.accessSync(`${folder}/${name}`, windows ? fs.constants.F_OK : fs.constants.X_OK);
        return fs.statSync(`${folder}/${name}`).isFile();
      } catch {
        return false;
      }
    }),
  );
}
