// The failure report and the replay information a failure carries, in detail (docs/mutation.md,
// "sim: `run/`"): message and stack headers of every shape, values that are not errors, long
// schedules, the trace tail.
import { formatSchedule, runOne, SimulationFailure, type Simulator } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { failureReport, reportFailure, withReplayInfo } from '../../src/run/failure-report.js';
import { startOrder } from '../support/scenarios.js';

const replay = (r: { readonly seed?: number; readonly schedule?: string }): string =>
  r.schedule !== undefined ? `S=${r.schedule} go` : `N=${r.seed} go`;

async function simulatorWith(count: number, seed = 5): Promise<Simulator> {
  const outcome = await runOne((sim) => startOrder(sim, count), { seed });
  return outcome.simulator;
}

describe('withReplayInfo', () => {
  it('an error with an empty message gets the summary as its message, and the stack header gets it after a colon', async () => {
    const sim = await simulatorWith(3);
    const schedule = formatSchedule(sim.schedule);
    const error = new TypeError('');
    // V8's own header for an empty message is the bare name (set here: test runners may format it).
    error.stack = 'TypeError\n    at somewhere (file.js:1:1)';

    expect(withReplayInfo(error, 9, sim, replay)).toBe(error);

    const summary = `Failing seed: 9\nReplay: N=9 go\nSchedule (${sim.schedule.length} decisions): ${schedule}`;
    expect(error.message).toBe(summary);
    expect(error.stack).toBe(`TypeError: ${summary}\n    at somewhere (file.js:1:1)`);
  });

  it('a stack whose header does not end with the message gets the summary after a blank line; frames stay', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('boom');
    error.stack = 'Custom header\n    at somewhere (file.js:1:1)';

    withReplayInfo(error, { seed: 2 }, sim, replay);

    const summary = `Failing seed: 2\nReplay: N=2 go\nSchedule (${sim.schedule.length} decisions): ${formatSchedule(sim.schedule)}`;
    expect(error.message).toBe(`boom\n\n${summary}`);
    expect(error.stack).toBe(`Custom header\n\n${summary}\n    at somewhere (file.js:1:1)`);
  });

  it('a stack without frames is all header', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('boom');
    error.stack = 'Error: boom';

    withReplayInfo(error, 1, sim, replay);

    expect(error.stack).toBe(`Error: ${error.message}`);
    expect(error.message.startsWith('boom\n\nFailing seed: 1\n')).toBe(true);
  });

  it('an error without a string stack keeps no stack and still gets the message', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('boom');
    Object.defineProperty(error, 'stack', { value: undefined, writable: true, configurable: true });

    expect(withReplayInfo(error, 1, sim, replay)).toBe(error);

    expect(error.stack).toBeUndefined();
    expect(error.message.startsWith('boom\n\nFailing seed: 1\n')).toBe(true);
  });

  it('a schedule target names the schedule and its replay command', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('x');

    withReplayInfo(error, { schedule: [2, 0, 1] }, sim, replay);

    expect(error.message.split('\n').slice(2, 4)).toEqual(['Failing schedule: 2.0.1', 'Replay: S=2.0.1 go']);
  });

  it('cuts a schedule of more than 2000 characters in the message; the printed report has all of it', async () => {
    const sim = await simulatorWith(1200);
    const schedule = formatSchedule(sim.schedule);
    expect(schedule.length).toBeGreaterThan(2000);
    const error = new Error('long');

    withReplayInfo(error, 1, sim, replay);

    const line = error.message.split('\n')[4] as string;
    expect(line).toBe(
      `Schedule (${sim.schedule.length} decisions): ${schedule.slice(0, 2000)}… (truncated; the printed report has all of it)`,
    );
    const report = failureReport(1, sim, replay);
    expect(report.split('\n')[2]).toBe(`Schedule (${sim.schedule.length} decisions): ${schedule}`);
  });

  it('cuts at 2000 characters exactly: 2000 stay whole, 2001 are cut', async () => {
    // 1001 tasks: 1000 recorded decisions. A first decision of 10 then 1s (and a final 0) makes
    // 2000 characters; a first decision of 100 makes 2001.
    const ones = new Array<number>(998).fill(1);
    const exact = (await runOne((sim) => startOrder(sim, 1001), { schedule: [10, ...ones] })).simulator;
    const over = (await runOne((sim) => startOrder(sim, 1001), { schedule: [100, ...ones] })).simulator;
    expect(formatSchedule(exact.schedule)).toHaveLength(2000);
    expect(formatSchedule(over.schedule)).toHaveLength(2001);

    const a = new Error('a');
    withReplayInfo(a, 1, exact, replay);
    const b = new Error('b');
    withReplayInfo(b, 1, over, replay);

    expect(a.message.split('\n')[4]).toBe(`Schedule (1000 decisions): ${formatSchedule(exact.schedule)}`);
    expect(b.message.split('\n')[4]).toBe(
      `Schedule (1000 decisions): ${formatSchedule(over.schedule).slice(0, 2000)}… (truncated; the printed report has all of it)`,
    );
  });

  it.each([
    ['a string', 'plain words', 'plain words'],
    ['a number', 42, 'non-Error thrown: 42'],
    ['an object', { code: 7 }, 'non-Error thrown: {"code":7}'],
    ['undefined', undefined, 'non-Error thrown: undefined'],
    ['a bigint (JSON cannot)', 10n, 'non-Error thrown: 10'],
    ['a symbol', Symbol.for('s'), 'non-Error thrown: Symbol(s)'],
  ] as const)('wraps %s in SimulationFailure, described, with the value as cause', async (_name, value, text) => {
    const sim = await simulatorWith(3);

    const wrapped = withReplayInfo(value, 3, sim, replay);

    expect(wrapped).toBeInstanceOf(SimulationFailure);
    expect((wrapped as SimulationFailure).cause).toBe(value);
    expect((wrapped as SimulationFailure).message).toBe(
      `${text}\n\nFailing seed: 3\nReplay: N=3 go\nSchedule (${sim.schedule.length} decisions): ${formatSchedule(sim.schedule)}`,
    );
  });

  it('describes a circular object with String()', async () => {
    const sim = await simulatorWith(3);
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    const wrapped = withReplayInfo(circular, 3, sim, replay) as SimulationFailure;

    expect(wrapped.message.split('\n')[0]).toBe('non-Error thrown: [object Object]');
  });

  it('an error whose message cannot change (a getter) is wrapped, not annotated', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('fixed');
    Object.defineProperty(error, 'message', { get: () => 'fixed', set: () => {}, configurable: true });

    const wrapped = withReplayInfo(error, 3, sim, replay);

    expect(wrapped).toBeInstanceOf(SimulationFailure);
    expect((wrapped as SimulationFailure).cause).toBe(error);
    expect(error.message).toBe('fixed');
  });
});

describe('failureReport and reportFailure', () => {
  it('prints the last 12 steps by default, each indented by two spaces', async () => {
    const sim = await simulatorWith(20);
    const report = failureReport(5, sim, replay);
    const lines = report.split('\n');

    expect(lines[3]).toBe(`Last 12 of ${sim.trace.steps} steps:`);
    expect(lines.slice(4)).toHaveLength(12);
    expect(lines.slice(4).every((line) => line.startsWith('  #'))).toBe(true);
  });

  it('reportFailure logs the report to the given log and throws the annotated error', async () => {
    const sim = await simulatorWith(3);
    const logged: string[] = [];
    const error = new Error('bad');

    expect(() => reportFailure({ seed: 8 }, error, sim, { log: (t) => logged.push(t), replayCommand: replay })).toThrow(
      error,
    );

    expect(logged).toEqual([failureReport({ seed: 8 }, sim, replay)]);
    expect(error.message.startsWith('bad\n\nFailing seed: 8\nReplay: N=8 go\n')).toBe(true);
  });

  it('reportFailure defaults to console.error and the process replay command', async () => {
    const sim = await simulatorWith(3);
    const logged: unknown[] = [];
    const saved = console.error;
    console.error = (...args: unknown[]) => void logged.push(...args);
    let thrown: unknown;
    try {
      reportFailure({ seed: 4 }, new Error('bad'), sim, {});
    } catch (error) {
      thrown = error;
    } finally {
      console.error = saved;
    }

    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toMatch(/^Failing seed: 4\nReplay: SEED=4 npx vitest run /);
    expect((thrown as Error).message).toMatch(/^bad\n\nFailing seed: 4\nReplay: SEED=4 npx vitest run /);
  });
});

describe('withReplayInfo on stacks of unusual shapes', () => {
  it('a stack that starts with its frames has an empty header: the summary goes before the frames', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('boom');
    error.stack = '\n    at somewhere (file.js:1:1)';

    withReplayInfo(error, 1, sim, replay);

    const summary = error.message.slice('boom\n\n'.length);
    expect(error.stack).toBe(`\n\n${summary}\n    at somewhere (file.js:1:1)`);
  });

  it('an error annotated twice carries only the latest summary, in its message and in its stack', async () => {
    const sim = await simulatorWith(3);
    const error = new Error('shared');
    const stack = error.stack as string;
    const frames = stack.slice(stack.search(/\n\s+at /));

    withReplayInfo(error, 4, sim, replay);
    withReplayInfo(error, 5, sim, replay);

    expect(error.message).toMatch(/^shared\n\nFailing seed: 5\n/);
    expect(error.stack).toBe(`Error: ${error.message}${frames}`);
    expect(error.stack?.match(/Failing seed/g)).toHaveLength(1);
  });
});
