/** Builds the shell command that replays one seed (or one schedule). */
export type ReplayCommand = (replay: { readonly seed?: number; readonly schedule?: string }) => string;

/**
 * Default replay command: the current process's command line with `SEED=<n>` (or
 * `SCHEDULE=<s>`) in front. Test helpers pass a more precise one (file and test name).
 */
export const processReplayCommand: ReplayCommand = (replay) => {
  const prefix = replay.schedule !== undefined ? `SCHEDULE=${replay.schedule}` : `SEED=${replay.seed ?? 0}`;
  if (typeof process === 'undefined') return prefix;
  const env = process.env;
  // `npm run x` / `pnpm x` set the script name; `npx` sets it to "npx", which is no script.
  const script = env.npm_lifecycle_event;
  let command: string;
  if (script !== undefined && script !== 'npx') command = `pnpm ${script}`;
  else if (env.VITEST !== undefined) command = 'npx vitest run';
  else command = ['node', ...process.argv.slice(1)].join(' ');
  return `${prefix} ${command}`;
};
