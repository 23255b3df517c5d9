import { SchedError } from './sched-error.js';

/** Thrown by `Channel.send` when the channel has been closed. */
export class ChannelClosedError extends SchedError {
  constructor() {
    super('ERR_CHANNEL_CLOSED', 'send on a closed channel');
  }
}
