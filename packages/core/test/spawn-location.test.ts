import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  captureLocation,
  firstUserFrame,
  hostInfo,
  SPAWN_LOCATION_HINT,
  spawnedAt,
  spawnLocationHint,
} from '../src/host.js';
import {
  Executor,
  Session,
  setSpawnLocationCapture,
  spawn,
  spawnBackground,
  spawnInSession,
  spawnLabeled,
  spawnWithPriority,
  Task,
} from '../src/index.js';
import { callerLine, withoutColumn, withPrepareStackTrace } from './support/location.js';
import { TestHost } from './support/test-host.js';

/** This monorepo's packages folder, where @sched's own (skipped) frames live. */
const PACKAGES = decodeURI(new URL('../../', import.meta.url).pathname);

const THIS_FILE = /[\\/]packages[\\/]core[\\/]test[\\/]spawn-location\.test\.ts:\d+:\d+$/;

beforeEach(() => {
  setSpawnLocationCapture(true);
});

afterEach(() => {
  setSpawnLocationCapture('auto');
});

describe('spawnLocation', () => {
  it("'auto' (the default) captures only under a host with a probe (the simulator)", () => {
    setSpawnLocationCapture('auto');
    const production = spawn(new TestHost(), () => 1);
    const simulated = spawn(new TestHost({ probe: true }), () => 1);

    expect(production.spawnLocation).toBeUndefined();
    expect(simulated.spawnLocation).toMatch(THIS_FILE);
    expect(Task.ready(1).spawnLocation).toBeUndefined();
  });

  it("is the caller's file:line:column", () => {
    const host = new TestHost();

    const [task, expected] = [spawn(host, () => 1), callerLine()];

    expect(task.spawnLocation).toMatch(THIS_FILE);
    expect(withoutColumn(task.spawnLocation)).toBe(expected);
  });

  it.each([
    ['under a source-map hook (formatted, then parsed)', false],
    ['with no hook (read from V8 call sites)', true],
  ])("skips @sched's own frames for every spawn helper, %s", (_mode, clearHook) => {
    const host = new TestHost();
    const session = new Session();
    const executor = new Executor(host, { label: 'exec' });

    // callerLine() reads `new Error().stack`, so it follows the same hook as the capture.
    const cases = withPrepareStackTrace(
      clearHook ? undefined : 'installed',
      (): Array<[Task<unknown>, string]> => [
        [spawn(host, () => 1), callerLine()],
        [spawnBackground(host, () => 1), callerLine()],
        [spawnLabeled(host, 'l', () => 1), callerLine()],
        [spawnWithPriority(host, 'background', () => 1), callerLine()],
        [spawnInSession(host, session, () => 1), callerLine()],
        [session.spawn(host, () => 1), callerLine()],
        [executor.spawn(() => 1), callerLine()],
        [executor.spawnLabeled('x', () => 1), callerLine()],
        [executor.spawnWithPriority('user-blocking', () => 1), callerLine()],
        [Task.ready(1), callerLine()],
      ],
    );

    for (const [task, expected] of cases) {
      expect(task.spawnLocation).toMatch(THIS_FILE);
      expect(withoutColumn(task.spawnLocation)).toBe(expected);
    }
  });

  it('points at a user helper that wraps spawn (the first frame outside @sched)', () => {
    const host = new TestHost();
    let helperLine = '';
    const helper = (): Task<number> => {
      const [t, line] = [spawn(host, () => 1), callerLine()];
      helperLine = line;
      return t;
    };

    const task = helper();

    expect(withoutColumn(task.spawnLocation)).toBe(helperLine);
  });

  it('is captured at spawn time, not when first read', () => {
    const host = new TestHost();
    const [task, expected] = [spawn(host, () => 1), callerLine()];
    const readLater = (): string | undefined => task.spawnLocation;
    expect(withoutColumn(readLater())).toBe(expected);
    expect(task.spawnLocation).toBe(readLater()); // stable
  });

  it('setSpawnLocationCapture(false) turns capture off (undefined), and returns the previous setting', () => {
    const host = new TestHost();

    expect(setSpawnLocationCapture(false)).toBe(true);
    const off = spawn(host, () => 1);
    expect(setSpawnLocationCapture(false)).toBe(false);
    expect(setSpawnLocationCapture(true)).toBe(false);
    const on = spawn(host, () => 1);

    expect(off.spawnLocation).toBeUndefined();
    expect(Task.ready(0).spawnLocation).toMatch(THIS_FILE);
    expect(on.spawnLocation).toMatch(THIS_FILE);
    expect(captureLocation()).toMatch(THIS_FILE);
    setSpawnLocationCapture(false);
    expect(captureLocation()).toBeUndefined();
  });

  it('finds the location below a deep caller, and each spawn site keeps its own location', () => {
    const host = new TestHost();
    const deep = (depth: number): [Task<number>, string] =>
      depth === 0 ? [spawn(host, () => 1), callerLine()] : deep(depth - 1);
    const [task, expected] = deep(20);
    const sameSite = [1, 2, 3].map(() => spawn(host, () => 1));
    const [other, otherLine] = [spawn(host, () => 2), callerLine()];

    // The location is found although 20 frames of `deep` sit below the spawn in `deep`.
    expect(task.spawnLocation).toMatch(THIS_FILE);
    expect(withoutColumn(task.spawnLocation)).toBe(expected);
    expect(new Set(sameSite.map((t) => t.spawnLocation)).size).toBe(1);
    expect(withoutColumn(other.spawnLocation)).toBe(otherLine);
    expect(other.spawnLocation).not.toBe(sameSite[0]?.spawnLocation);
  });

  it('captureLocation starts below the function it is given (by default, at its caller)', () => {
    const below = (): string | undefined => captureLocation(undefined, below);
    const [capture, expected] = [below(), callerLine()];
    const [own, ownLine] = [captureLocation(), callerLine()];

    expect(withoutColumn(capture)).toBe(expected);
    expect(withoutColumn(own)).toBe(ownLine);
  });

  it('leaves Error.stackTraceLimit as it found it', () => {
    const host = new TestHost();
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 3;
    try {
      spawn(host, () => 1);
      expect(Error.stackTraceLimit).toBe(3);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});

describe('captureLocation and Error.prepareStackTrace', () => {
  type Prepare = ((error: unknown, sites: unknown[]) => unknown) | undefined;
  const ErrorClass = Error as unknown as { prepareStackTrace?: Prepare };
  let installed: Prepare;

  beforeEach(() => {
    installed = ErrorClass.prepareStackTrace; // vitest's source-map hook
  });

  afterEach(() => {
    ErrorClass.prepareStackTrace = installed;
  });

  /** `file:line` of the caller as V8 itself formats it (no source-map hook: generated positions). */
  const rawCallerLine = (): string => {
    ErrorClass.prepareStackTrace = undefined;
    try {
      const frame = (new Error('here').stack ?? '').split('\n')[2] ?? '';
      const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(frame.trim());
      return `${(match?.[1] ?? '').replace(/^file:\/\//, '')}:${match?.[2] ?? ''}`;
    } finally {
      ErrorClass.prepareStackTrace = installed;
    }
  };

  it('with no hook installed, reads V8 call sites: the same file:line:column V8 would print', () => {
    const host = new TestHost();
    ErrorClass.prepareStackTrace = undefined;
    const [task, expected] = [spawn(host, () => 1), rawCallerLine()];
    ErrorClass.prepareStackTrace = undefined;
    const again = [1, 2].map(() => spawn(host, () => 1));
    const viaExecutor = new Executor(host).spawn(() => 1);

    expect(task.spawnLocation).toMatch(THIS_FILE);
    expect(withoutColumn(task.spawnLocation)).toBe(expected);
    expect(again[0]?.spawnLocation).toMatch(THIS_FILE);
    expect(again[0]?.spawnLocation).toBe(again[1]?.spawnLocation);
    expect(viaExecutor.spawnLocation).toMatch(THIS_FILE); // @sched's wrapper frames skipped
    expect(ErrorClass.prepareStackTrace).toBeUndefined(); // left as found
  });

  it('under a hook installed before (source maps), resolves each site once through that hook, and restores it', () => {
    const host = new TestHost();
    const calls: number[] = [];
    const mapped: Prepare = (_error, sites) => {
      calls.push(sites.length);
      return `Error\n    at x (${PACKAGES}core/src/task/task.ts:1:1)\n    at mine (/src/app.ts:${calls.length}:3)`;
    };
    ErrorClass.prepareStackTrace = mapped;

    const sameSite = [1, 2, 3].map(() => spawn(host, () => 1));
    const otherSite = spawn(host, () => 1);

    expect(sameSite.map((t) => t.spawnLocation)).toEqual(['/src/app.ts:1:3', '/src/app.ts:1:3', '/src/app.ts:1:3']);
    expect(otherSite.spawnLocation).toBe('/src/app.ts:2:3');
    expect(calls).toHaveLength(2); // once per site, not per spawn
    expect(calls[0]).toBeGreaterThan(0);
    expect(ErrorClass.prepareStackTrace).toBe(mapped);
  });

  it('a site is resolved again under a different hook', () => {
    const host = new TestHost();
    const spawnHere = (): Task<number> => spawn(host, () => 1);
    ErrorClass.prepareStackTrace = () => 'Error\n    at a (/first/hook.ts:1:1)';
    const first = spawnHere();
    ErrorClass.prepareStackTrace = () => 'Error\n    at b (/second/hook.ts:2:2)';
    const second = spawnHere();

    expect([first.spawnLocation, second.spawnLocation]).toEqual(['/first/hook.ts:1:1', '/second/hook.ts:2:2']);
  });

  it("a hook that throws or returns no string costs the mapping (V8's own position), never the spawn", () => {
    const host = new TestHost();
    ErrorClass.prepareStackTrace = () => {
      throw new Error('broken hook');
    };
    const throwing = spawn(host, () => 1);
    ErrorClass.prepareStackTrace = () => 42;
    const odd = spawn(host, () => 1);

    expect(throwing.spawnLocation).toMatch(THIS_FILE);
    expect(odd.spawnLocation).toMatch(THIS_FILE);
  });

  it('without Error.captureStackTrace (other engines), parses a formatted stack', () => {
    const host = new TestHost();
    const capture = Error.captureStackTrace;
    (Error as { captureStackTrace?: unknown }).captureStackTrace = undefined;
    try {
      const [task, expected] = [spawn(host, () => 1), callerLine()];
      // `new Error()` inside core: the first frame outside @sched is this test.
      expect(withoutColumn(task.spawnLocation)).toBe(expected);
    } finally {
      Error.captureStackTrace = capture;
    }
  });
});

describe('the per-site cache (property)', () => {
  it('gives every spawn the location of its own site, whatever the order sites are hit in and the hook', () => {
    const host = new TestHost();
    // Scripts of their own (V8 names them by sourceURL), each spawning from line 4, column 10
    // (the Function constructor puts two lines of its own before the body).
    const sites = Array.from(
      { length: 4 },
      (_, i) =>
        new Function(
          'spawn',
          'host',
          `return (\n         spawn(host, () => ${i}));\n//# sourceURL=/gen/site${i}.js`,
        ) as (s: typeof spawn, h: TestHost) => Task<number>,
    );
    const ErrorClass = Error as unknown as { prepareStackTrace?: unknown };
    const installed = ErrorClass.prepareStackTrace;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { maxLength: 20 }), fc.boolean(), (order, clearHook) => {
        if (clearHook) ErrorClass.prepareStackTrace = undefined;
        try {
          const tasks = order.map((i) => sites[i]?.(spawn, host));
          tasks.forEach((task, k) => {
            expect(task?.spawnLocation).toBe(`/gen/site${order[k]}.js:4:10`);
          });
        } finally {
          ErrorClass.prepareStackTrace = installed;
        }
      }),
    );
  });

  it('an engine that ignores Error.prepareStackTrace gets its formatted stack parsed', () => {
    const host = new TestHost();
    const capture = Error.captureStackTrace;
    Error.captureStackTrace = (target: object) => {
      (target as { stack?: string }).stack =
        `Error\n    at t (${PACKAGES}core/src/task/task.ts:9:9)\n    at u (/app/x.js:1:2)`;
    };
    try {
      expect(spawn(host, () => 1).spawnLocation).toBe('/app/x.js:1:2');
    } finally {
      Error.captureStackTrace = capture;
    }
  });
});

describe('firstUserFrame', () => {
  it('returns undefined for no stack', () => {
    expect(firstUserFrame(undefined)).toBeUndefined();
    expect(firstUserFrame('Error\n')).toBeUndefined();
  });

  it('skips the message line, @sched frames (src and dist, any package), node: frames', () => {
    const stack = [
      'Error: at /not/a/frame.ts:1:1',
      `    at captureLocation (${PACKAGES}core/src/spawn-location.ts:37:9)`,
      '    at new Task (/repo/node_modules/@sched/core/dist/task/task.js:85:21)',
      `    at Simulator.run (${PACKAGES}sim/src/simulator.ts:10:2)`,
      '    at Gpui.spawn (/repo/node_modules/.pnpm/x/node_modules/@sched/compat-gpui/dist/index.js:4:4)',
      `    at RuntimeNode.x (${PACKAGES}runtime-node/dist/index.js:1:1)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at userCode (/home/me/app/src/main.ts:12:34)',
      '    at later (/home/me/app/src/other.ts:1:1)',
    ].join('\n');

    expect(firstUserFrame(stack)).toBe('/home/me/app/src/main.ts:12:34');
  });

  it("does not mistake a user's own monorepo packages/core/src for @sched", () => {
    const stack = [
      'Error',
      '    at placeOrder (/home/me/acme/packages/core/src/orders.ts:10:5)',
      '    at main (/home/me/acme/app.ts:1:1)',
    ].join('\n');

    expect(firstUserFrame(stack)).toBe('/home/me/acme/packages/core/src/orders.ts:10:5');
  });

  it('handles anonymous frames, file:// URLs and Windows paths', () => {
    expect(firstUserFrame('Error\n    at /app/a.mjs:3:4')).toBe('/app/a.mjs:3:4');
    expect(firstUserFrame('Error\n    at f (file:///app/b.mjs:5:6)')).toBe('/app/b.mjs:5:6');
    expect(firstUserFrame('Error\n    at g (C:\\app\\c.js:7:8)')).toBe('C:\\app\\c.js:7:8');
    expect(
      firstUserFrame(
        'Error\n    at h (C:\\repo\\node_modules\\@sched\\core\\dist\\x.js:1:1)\n    at C:\\app\\d.js:9:9',
      ),
    ).toBe('C:\\app\\d.js:9:9');
  });

  it("does not skip a user's own 'packages/core/test' files", () => {
    expect(firstUserFrame('Error\n    at t (/repo/packages/core/test/x.test.ts:2:3)')).toBe(
      '/repo/packages/core/test/x.test.ts:2:3',
    );
  });
});

describe('spawnedAt (how reports name a spawn location)', () => {
  it('is the location when there is one, and says how to turn capture on when there is none', () => {
    const host = new TestHost();
    const captured = spawn(host, () => 1);
    setSpawnLocationCapture('auto');
    const uncaptured = spawn(host, () => 1);

    expect(spawnedAt(captured)).toBe(captured.spawnLocation);
    expect(spawnedAt(uncaptured)).toBe(`unknown location (${SPAWN_LOCATION_HINT})`);
    expect(SPAWN_LOCATION_HINT).toContain('setSpawnLocationCapture(true)');
    expect(spawnedAt(uncaptured, false)).toBe('unknown location'); // the report gives the hint once
    expect(spawnedAt(hostInfo('host work'))).toBe('unknown location'); // not a spawn: no hint
  });
});

describe('spawnLocationHint (the hint a report gives once)', () => {
  it('is the parenthesised hint when some listed task lacks a location because capture may be off', () => {
    const host = new TestHost();
    const captured = spawn(host, () => 1);
    setSpawnLocationCapture('auto');
    const uncaptured = spawn(host, () => 1);

    expect(spawnLocationHint([captured, uncaptured])).toBe(`(${SPAWN_LOCATION_HINT})`);
    expect(spawnLocationHint(new Set([uncaptured]))).toBe(`(${SPAWN_LOCATION_HINT})`); // any iterable
    expect(spawnLocationHint([captured])).toBeUndefined(); // every location known
    expect(spawnLocationHint([hostInfo('host work')])).toBeUndefined(); // host work is not spawned
    expect(spawnLocationHint([])).toBeUndefined();
    setSpawnLocationCapture(true);
    expect(spawnLocationHint([uncaptured])).toBeUndefined(); // capture is on: the hint cannot help
  });
});
