import { SchedError } from './sched-error.js';

/** Rejects `Channel.send` on a closed channel, and `Channel.recv` once it is closed and drained. */
export class ChannelClosedError extends SchedError {
  constructor() {
    super('ERR_CHANNEL_CLOSED', 'the channel is closed');
  }
}
