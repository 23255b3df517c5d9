/** Builds the shell command that replays one seed (or one schedule). */
export type ReplayCommand = (replay: { readonly seed?: number; readonly schedule?: string }) => string;

/**
 * Default replay command: the current process's command line with `SEED=<n>` (or
 * `SCHEDULE=<s>`) in front. Test helpers pass a more precise one (file and test name).
 */
export const processReplayCommand: ReplayCommand = (replay) => {
  const prefix = replay.schedule !== undefined ? `SCHEDULE=${replay.schedule}` : `SEED=${replay.seed ?? 0}`;
  const argv = typeof process === 'undefined' ? [] : process.argv.slice(1);
  const script = process.env.npm_lifecycle_event;
  const command = script !== undefined ? `pnpm ${script}` : ['node', ...argv].join(' ');
  return `${prefix} ${command}`;
};
