import { formatSchedule } from '../decisions/tape-source.js';
import type { Simulator } from '../simulator.js';
import { formatTrace } from '../trace/trace.js';
import type { ReplayCommand } from './replay-command.js';

/**
 * The lines printed when a seed fails: `Failing seed: N`, the exact replay command, the
 * schedule, and the last steps of the trace.
 */
export function failureReport(seed: number, simulator: Simulator, replay: ReplayCommand, tailSteps = 12): string {
  const events = simulator.trace.events;
  const tail = events.slice(-tailSteps);
  return [
    `Failing seed: ${seed}`,
    `Replay: ${replay({ seed })}`,
    `Schedule (${simulator.schedule.length} decisions): ${formatSchedule(simulator.schedule)}`,
    `Last ${tail.length} of ${simulator.trace.steps} steps:`,
    formatTrace(tail)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  ].join('\n');
}
