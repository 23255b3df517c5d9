import { execFileSync } from 'node:child_process';
import { findFailure, formatSchedule, processReplayCommand, runOne, shrinkSchedule } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { failureReport } from '../../src/run/failure-report.js';
import {
  escapeRegExp,
  replayPrefix,
  runnerCommand,
  shellQuote,
  vitestNamePattern,
} from '../../src/run/replay-command.js';
import { racyCounter } from '../support/scenarios.js';

describe('failureReport', () => {
  it('prints the seed, the replay command, the schedule and the trace tail', async () => {
    const outcome = await runOne((sim) => racyCounter(sim, 0), { seed: 3 });

    const report = failureReport(3, outcome.simulator, ({ seed }) => `SEED=${seed} run-it`, 2);
    const lines = report.split('\n');

    expect(lines[0]).toBe('Failing seed: 3');
    expect(lines[1]).toBe('Replay: SEED=3 run-it');
    expect(lines[2]).toBe(
      `Schedule (${outcome.simulator.schedule.length} decisions): ${outcome.simulator.schedule.join('.') || '-'}`,
    );
    expect(lines[3]).toBe(`Last 2 of ${outcome.simulator.trace.steps} steps:`);
    expect(lines.slice(4)).toHaveLength(2);
    expect(
      lines.slice(4).every((l) => /^ {2}#\d+ t=0ms task \d "inc [AB]" (start|resume) \(background\)$/.test(l)),
    ).toBe(true);
  });
});

describe('failureReport of a schedule', () => {
  it('names the schedule and prints a SCHEDULE=… replay command', async () => {
    const outcome = await runOne((sim) => racyCounter(sim, 0), { schedule: [1, 0, 1] });

    const report = failureReport({ schedule: [1, 0, 1] }, outcome.simulator, (r) => `${replayPrefix(r)} run-it`);
    const lines = report.split('\n');

    expect(lines[0]).toBe('Failing schedule: 1.0.1');
    expect(lines[1]).toBe('Replay: SCHEDULE=1.0.1 run-it');
    expect(lines[2]).toMatch(/^Schedule \(\d+ decisions\): /);
  });
});

describe('failureReport of a shrunk schedule', () => {
  it('prints SCHEDULE=<shrunk> in front of the default replay command', async () => {
    const failure = await findFailure(racyCounter, { from: 0, count: 200 });
    const shrunk = await shrinkSchedule(racyCounter, failure?.outcome.simulator.schedule ?? []);
    const text = formatSchedule(shrunk.schedule);

    const report = failureReport({ schedule: shrunk.schedule }, shrunk.outcome.simulator, processReplayCommand);

    expect(report.split('\n').slice(0, 2)).toEqual([
      `Failing schedule: ${text}`,
      `Replay: SCHEDULE=${text} npx vitest run packages/sim/test/run/failure-report.test.ts -t '^failureReport of a shrunk schedule prints SCHEDULE=<shrunk> in front of the default replay command$'`,
    ]);
  });
});

describe('runnerCommand', () => {
  const none = () => false;
  const all = () => true;

  it('under vitest: npx vitest run <file> -t <escaped, anchored, quoted full name>', () => {
    const vitestTest = { file: 'test/my file.test.ts', names: ['outer (x)', "it's a+b"] };

    expect(runnerCommand({ env: { VITEST: 'true' }, vitestTest })).toBe(
      `npx vitest run 'test/my file.test.ts' -t '^outer \\(x\\) it'\\''s a\\+b$'`,
    );
    // Vitest wins over the package script that started it.
    expect(runnerCommand({ env: { VITEST: 'true', npm_lifecycle_event: 'test' }, vitestTest: undefined })).toBe(
      'npx vitest run',
    );
  });

  it('under vitest, reads the running test (this one) from vitest', () => {
    const command = runnerCommand({ env: { VITEST: 'true' } });

    expect(command).toBe(
      "npx vitest run packages/sim/test/run/failure-report.test.ts -t '^runnerCommand under vitest, reads the running test \\(this one\\) from vitest$'",
    );
  });

  it('under npm: npm run <script>', () => {
    const env = { npm_lifecycle_event: 'test:unit', npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64' };

    expect(runnerCommand({ env, isOnPath: all })).toBe('npm run test:unit');
  });

  it('under pnpm: pnpm run <script> only when pnpm is on PATH, else npx -y pnpm@<major>', () => {
    const env = { npm_lifecycle_event: 'test', npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.20.2 linux x64' };

    expect(runnerCommand({ env, isOnPath: (c) => c === 'pnpm' })).toBe('pnpm run test');
    expect(runnerCommand({ env, isOnPath: none })).toBe('npx -y pnpm@10 run test');
  });

  it('under yarn or bun: their own run only when on PATH, else npm run', () => {
    const yarn = { npm_lifecycle_event: 'test', npm_config_user_agent: 'yarn/1.22.22 npm/? node/v20.20.2 linux x64' };
    const bun = { npm_lifecycle_event: 'test', npm_config_user_agent: 'bun/1.2.0 npm/? node/v20.20.2 linux x64' };

    expect(runnerCommand({ env: yarn, isOnPath: all })).toBe('yarn run test');
    expect(runnerCommand({ env: yarn, isOnPath: none })).toBe('npm run test');
    expect(runnerCommand({ env: bun, isOnPath: all })).toBe('bun run test');
    expect(runnerCommand({ env: { npm_lifecycle_event: 'test' }, isOnPath: all })).toBe('npm run test');
  });

  it('otherwise: the node command line, quoted (`npx` names no script)', () => {
    const context = {
      env: { npm_lifecycle_event: 'npx' },
      execArgv: ['--import', 'tsx'],
      argv: ['/usr/bin/node', '/home/me/my scripts/check.ts', '--case', "it's"],
    };

    expect(runnerCommand(context)).toBe(`node --import tsx '/home/me/my scripts/check.ts' --case 'it'\\''s'`);
  });

  it('finds pnpm on the real PATH only if it is there', () => {
    const env = { npm_lifecycle_event: 'test', npm_config_user_agent: 'pnpm/10.34.9 node/v20 linux x64' };
    const saved = process.env.PATH;
    try {
      process.env.PATH = '/nonexistent-folder';
      expect(runnerCommand({ env })).toBe('npx -y pnpm@10 run test');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('processReplayCommand', () => {
  it('puts SEED=N (or SCHEDULE=s) in front of the runner command', () => {
    const command = runnerCommand();

    expect(processReplayCommand({ seed: 12 })).toBe(`SEED=12 ${command}`);
    expect(processReplayCommand({ schedule: '0.1' })).toBe(`SCHEDULE=0.1 ${command}`);
    expect(replayPrefix({ schedule: '-' })).toBe('SCHEDULE=-');
  });
});

describe('vitest name patterns and shell quoting', () => {
  const names = ["a (b) + c's [d] {e} | f ^ g $ h * i ? j . k \\ l", 'x'];

  it('the -t pattern matches exactly the full name, not a longer or a prefixed one', () => {
    const pattern = new RegExp(vitestNamePattern(names));

    expect(pattern.test(names.join(' '))).toBe(true);
    expect(pattern.test(`${names.join(' ')} 2`)).toBe(false);
    expect(pattern.test(`outer ${names.join(' ')}`)).toBe(false);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });

  it('a shell gives back exactly the quoted text', () => {
    const texts = ['plain', "it's", 'a b', '$HOME `x` "y" \\z', vitestNamePattern(names), '*'];

    const echoed = texts.map((text) =>
      execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' }),
    );

    expect(echoed).toEqual(texts);
  });
});

describe('runOne', () => {
  it('reports success and failure without throwing, with the simulator that ran', async () => {
    const boom = new Error('x');

    const ok = await runOne(() => 'value', { seed: 1 });
    const failed = await runOne(() => Promise.reject(boom), { seed: 2 });

    expect(ok).toMatchObject({ ok: true, value: 'value' });
    expect(ok.simulator.description).toBe('seed 1');
    expect(failed).toMatchObject({ ok: false, error: boom });
  });
});
