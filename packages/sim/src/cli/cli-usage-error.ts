import { SchedError } from '@sched/core';

/** Thrown by the `sched` CLI for a command line it cannot run: unknown command or option, missing or bad value. */
export class CliUsageError extends SchedError {
  constructor(message: string) {
    super('ERR_SIM_CLI_USAGE', `${message} (run \`sched --help\`)`);
  }
}
