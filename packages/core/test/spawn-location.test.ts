import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  captureLocation,
  firstUserFrame,
  hostInfo,
  LocationCapture,
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
import { callerLine, withoutColumn } from './support/location.js';
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

  it("skips @sched's own frames for every spawn helper", () => {
    const host = new TestHost();
    const session = new Session();
    const executor = new Executor(host, { label: 'exec' });

    const cases: Array<[Task<unknown>, string]> = [
      [spawnBackground(host, () => 1), callerLine()],
      [spawnLabeled(host, 'l', () => 1), callerLine()],
      [spawnWithPriority(host, 'background', () => 1), callerLine()],
      [spawnInSession(host, session, () => 1), callerLine()],
      [session.spawn(host, () => 1), callerLine()],
      [executor.spawn(() => 1), callerLine()],
      [executor.spawnLabeled('x', () => 1), callerLine()],
      [executor.spawnWithPriority('user-blocking', () => 1), callerLine()],
      [Task.ready(1), callerLine()],
    ];

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
    expect(captureLocation()).toBeInstanceOf(LocationCapture);
    setSpawnLocationCapture(false);
    expect(captureLocation()).toBeUndefined();
  });

  it('keeps only the few frames below the Task constructor (none of its own, none of a deep caller)', () => {
    const host = new TestHost();
    const deep = (depth: number): [Task<number>, string] =>
      depth === 0 ? [spawn(host, () => 1), callerLine()] : deep(depth - 1);
    const [task, expected] = deep(20);

    // The location is found although 20 frames of `deep` sit below the spawn in `deep`.
    expect(task.spawnLocation).toMatch(THIS_FILE);
    expect(withoutColumn(task.spawnLocation)).toBe(expected);
    const frames = (captureLocation(undefined, deep) as LocationCapture).stack?.split('\n').slice(1) ?? [];
    expect(frames.length).toBeLessThanOrEqual(6);
  });

  it('captureLocation starts below the function it is given (by default, at its caller)', () => {
    const below = (): LocationCapture | undefined => captureLocation(undefined, below);
    const [capture, expected] = [below(), callerLine()];
    const [own, ownLine] = [captureLocation(), callerLine()];

    expect(withoutColumn(capture?.location)).toBe(expected);
    expect(capture?.stack).not.toContain('at below');
    expect(withoutColumn(own?.location)).toBe(ownLine);
    expect(own?.stack).not.toContain('captureLocation');
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
