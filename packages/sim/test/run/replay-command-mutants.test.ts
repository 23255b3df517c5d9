// The replay command in detail (docs/mutation.md, "sim: `run/`"): which PATH folders count, test
// names read from vitest's task tree, paths relative to the working directory, and quoting.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escapeRegExp,
  relativeToCwd,
  replayPrefix,
  runnerCommand,
  shellQuote,
  vitestCommand,
  vitestTaskNames,
} from '../../src/run/replay-command.js';

describe('runnerCommand: is pnpm on PATH?', () => {
  const env = { npm_lifecycle_event: 'demo', npm_config_user_agent: 'pnpm/9.1.0 npm/? node/v20.20.2 linux x64' };
  let root = '';
  const savedPath = process.env.PATH;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sched-path-'));
    const executable = (dir: string): void => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'pnpm'), '#!/bin/sh\n');
      chmodSync(join(dir, 'pnpm'), 0o755);
    };
    executable(join(root, 'bin'));
    executable(join(root, 'project', 'node_modules', '.bin'));
    executable(join(root, 'cache', '_npx', 'abc', 'node_modules', '.bin'));
    executable(join(root, 'npx-cache', '_npx', 'abc'));
    mkdirSync(join(root, 'dir-named', 'pnpm'), { recursive: true });
    mkdirSync(join(root, 'not-executable'), { recursive: true });
    writeFileSync(join(root, 'not-executable', 'pnpm'), '#!/bin/sh\n');
    chmodSync(join(root, 'not-executable', 'pnpm'), 0o644);
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    rmSync(root, { recursive: true, force: true });
  });

  const withPath = (folders: string[]): string => {
    process.env.PATH = folders.join(':');
    try {
      return runnerCommand({ env });
    } finally {
      process.env.PATH = savedPath;
    }
  };

  it('an executable file in a PATH folder counts', () => {
    expect(withPath([join(root, 'bin')])).toBe('pnpm run demo');
    expect(withPath(['', join(root, 'dir-named'), join(root, 'bin')])).toBe('pnpm run demo');
  });

  it('folders a runner adds for one script (node_modules, the npx cache) do not count', () => {
    expect(withPath([join(root, 'project', 'node_modules', '.bin')])).toBe('npx -y pnpm@9 run demo');
    expect(withPath([join(root, 'cache', '_npx', 'abc', 'node_modules', '.bin')])).toBe('npx -y pnpm@9 run demo');
    expect(withPath([join(root, 'npx-cache', '_npx', 'abc')])).toBe('npx -y pnpm@9 run demo');
  });

  it('a folder named pnpm, or a file that is not executable, does not count', () => {
    expect(withPath([join(root, 'dir-named')])).toBe('npx -y pnpm@9 run demo');
    expect(withPath([join(root, 'not-executable')])).toBe('npx -y pnpm@9 run demo');
  });

  it('yarn and bun are looked up by their own names', () => {
    const yarn = { npm_lifecycle_event: 'demo', npm_config_user_agent: 'yarn/4.0.0 node/v20' };
    const looked: string[] = [];
    const onPath = (c: string): boolean => {
      looked.push(c);
      return true;
    };
    expect(runnerCommand({ env: yarn, isOnPath: onPath })).toBe('yarn run demo');
    expect(looked).toEqual(['yarn']);
  });

  it('a user agent the pattern does not match, or an empty script, falls back', () => {
    const odd = { npm_lifecycle_event: 'demo', npm_config_user_agent: 'PNPM/10 node' };
    expect(runnerCommand({ env: odd, isOnPath: () => true })).toBe('npm run demo');
    const quoted = { npm_lifecycle_event: 'test it', npm_config_user_agent: 'npm/10' };
    expect(runnerCommand({ env: quoted, isOnPath: () => true })).toBe("npm run 'test it'");
    const empty = { npm_lifecycle_event: '', VITEST: '' };
    expect(runnerCommand({ env: empty, execArgv: [], argv: ['/usr/bin/node', 'main.js'] })).toBe('node main.js');
  });
});

describe('vitestTaskNames', () => {
  it('lists the suites and the test, outermost first, stopping at the file', () => {
    const file = { name: 'packages/x.test.ts', type: 'suite', filepath: '/abs/packages/x.test.ts' };
    const outer = { name: 'outer', type: 'suite', suite: file, file };
    const inner = { name: 'inner', type: 'suite', suite: outer, file };
    const test = { name: 'does a thing', type: 'test', suite: inner, file };

    expect(vitestTaskNames(test)).toEqual(['outer', 'inner', 'does a thing']);
    expect(vitestTaskNames({ name: 'top level', type: 'test', suite: file, file })).toEqual(['top level']);
    // No file recorded: every suite up the chain is a name.
    expect(vitestTaskNames({ name: 7, suite: { name: 'root' } })).toEqual(['root', '7']);
  });
});

describe('relativeToCwd', () => {
  it('strips the working directory and its slash, and leaves other paths alone', () => {
    const cwd = process.cwd();
    expect(relativeToCwd(`${cwd}/packages/a.test.ts`)).toBe('packages/a.test.ts');
    expect(relativeToCwd(`${cwd}x/a.test.ts`)).toBe(`${cwd}x/a.test.ts`);
    expect(relativeToCwd('/elsewhere/a.test.ts')).toBe('/elsewhere/a.test.ts');
    expect(relativeToCwd(`${cwd.replaceAll('/', '\\')}\\packages\\b.test.ts`)).toBe('packages/b.test.ts');
  });
});

describe('quoting', () => {
  it('leaves text made only of safe characters as it is, and quotes anything else', () => {
    expect(shellQuote('a-b_c/d.e:f=g@h%i+j,k')).toBe('a-b_c/d.e:f=g@h%i+j,k');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('x\ny')).toBe("'x\ny'");
    expect(shellQuote("a'b'c")).toBe("'a'\\''b'\\''c'");
    expect(shellQuote('ok;rm')).toBe("'ok;rm'");
  });

  it('escapes every regular-expression metacharacter, each one', () => {
    const meta = '\\^$.*+?()[]{}|';
    expect(escapeRegExp(meta)).toBe('\\\\\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|');
    expect(escapeRegExp('plain-text_1')).toBe('plain-text_1');
    for (const c of meta) expect(new RegExp(`^${escapeRegExp(`a${c}b`)}$`).test(`a${c}b`)).toBe(true);
  });

  it('vitestCommand quotes the file and the anchored pattern', () => {
    expect(vitestCommand({ file: 'a.test.ts', names: ['x'] })).toBe("npx vitest run a.test.ts -t '^x$'");
  });

  it('replayPrefix: seed 0 when neither is given; a schedule wins over a seed', () => {
    expect(replayPrefix({})).toBe('SEED=0');
    expect(replayPrefix({ seed: 4, schedule: '1.2' })).toBe('SCHEDULE=1.2');
    expect(replayPrefix({ schedule: '1 2' })).toBe("SCHEDULE='1 2'");
  });
});

describe('runnerCommand: what it reads from the process', () => {
  it('no script and no vitest: the node command line of this process', () => {
    expect(runnerCommand({ env: {} })).toBe(
      ['node', ...process.execArgv, ...process.argv.slice(1)].map((part) => shellQuote(part)).join(' '),
    );
    expect(runnerCommand({ env: {}, execArgv: ['--x'], argv: ['/n', 'a.js'] })).toBe('node --x a.js');
  });

  it('a user agent is read from its start only', () => {
    const env = { npm_lifecycle_event: 'demo', npm_config_user_agent: ' yarn/4.0.0 node/v20' };
    expect(runnerCommand({ env, isOnPath: () => true })).toBe('npm run demo');
  });

  describe('the running vitest test, read from vitest’s worker state', () => {
    type Worker = { current?: unknown } | undefined;
    const holder = globalThis as { __vitest_worker__?: Worker };
    const withWorker = (worker: Worker): string => {
      const saved = holder.__vitest_worker__;
      holder.__vitest_worker__ = worker;
      try {
        return runnerCommand({ env: { VITEST: 'true' } });
      } finally {
        holder.__vitest_worker__ = saved;
      }
    };
    const file = { name: 'x', type: 'suite', filepath: `${process.cwd()}/pkg/x.test.ts` };

    it('no worker state, no current task, a suite, or a task without a file path: just `npx vitest run`', () => {
      expect(withWorker(undefined)).toBe('npx vitest run');
      expect(withWorker({})).toBe('npx vitest run');
      expect(withWorker({ current: { name: 's', type: 'suite', file, suite: file } })).toBe('npx vitest run');
      expect(withWorker({ current: { name: 't', type: 'test' } })).toBe('npx vitest run');
      expect(withWorker({ current: { name: 't', type: 'test', file: { filepath: 42 } } })).toBe('npx vitest run');
    });

    it('a test with its file: that file, relative, and the test’s full name', () => {
      const suite = { name: 'outer', type: 'suite', file, suite: file };
      expect(withWorker({ current: { name: 'inner', type: 'test', file, suite } })).toBe(
        "npx vitest run pkg/x.test.ts -t '^outer inner$'",
      );
    });
  });
});
