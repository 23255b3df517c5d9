// Tests written for the mutants of spawn-location.ts (docs/mutation.md, core): which call sites
// count as a location, how they are keyed and cached, and which frames are @sched's own. The
// call sites are fakes handed to core's `Error.prepareStackTrace` by a stand-in
// `Error.captureStackTrace`, so every file name and position can be chosen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachProbe, captureLocation, firstUserFrame } from '../src/host.js';
import { setSpawnLocationCapture } from '../src/index.js';
import { TestHost } from './support/test-host.js';

/** This monorepo's packages folder, where @sched's own (skipped) frames live. */
const PACKAGES = decodeURI(new URL('../../', import.meta.url).pathname);

interface FakeSite {
  getScriptNameOrSourceURL?(): string | null | undefined;
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

function site(fileName: string | null, line: number | null = 1, column: number | null = 1): FakeSite {
  return {
    getFileName: () => fileName,
    getLineNumber: () => line,
    getColumnNumber: () => column,
  };
}

type Prepare = (error: unknown, sites: unknown[]) => unknown;
const ErrorClass = Error as unknown as {
  prepareStackTrace?: Prepare | undefined;
  captureStackTrace: (target: object, below?: unknown) => void;
};
const realCapture = ErrorClass.captureStackTrace;
let installed: Prepare | undefined;

beforeEach(() => {
  setSpawnLocationCapture(true);
  installed = ErrorClass.prepareStackTrace;
  ErrorClass.prepareStackTrace = undefined; // no hook: locations come from the sites themselves
});

afterEach(() => {
  ErrorClass.captureStackTrace = realCapture;
  ErrorClass.prepareStackTrace = installed;
  setSpawnLocationCapture('auto');
});

/** The location core picks from `sites`, handed to whatever `Error.prepareStackTrace` core installs. */
function locationOf(sites: FakeSite[]): string | undefined {
  ErrorClass.captureStackTrace = (target: object) => {
    (target as { stack?: unknown }).stack = ErrorClass.prepareStackTrace?.(new Error('capture'), sites);
  };
  try {
    return captureLocation();
  } finally {
    ErrorClass.captureStackTrace = realCapture;
  }
}

/** File names no other test uses: the per-script cache lives as long as the module. */
let unique = 0;
const fresh = (stem: string): string => `/fresh/${stem}-${++unique}.ts`;

describe('which call sites are a location', () => {
  it('skips node:, @sched, unnamed and non-file scripts and picks the first user site', () => {
    const user = fresh('user');
    expect(
      locationOf([
        site(null),
        site(undefined as unknown as null),
        site('node:internal/process/task_queues', 95, 5),
        site('evalmachine.<anonymous>', 3, 3),
        site('native'),
        site(`${PACKAGES}core/src/task/task.ts`, 85, 21),
        site(`${PACKAGES}sim/dist/simulator.js`, 1, 2),
        site(`${PACKAGES}runtime-browser/src/x.ts`, 1, 2),
        site(`${PACKAGES}compat-cloud/dist/x.js`, 1, 2),
        site('/repo/node_modules/@sched/runtime-workers/dist/x.js', 1, 2),
        site(user, 12, 34),
        site(fresh('later'), 1, 1),
      ]),
    ).toBe(`${user}:12:34`);
  });

  it('takes file:// URLs without their scheme, Windows paths and http(s) URLs as they are', () => {
    expect(locationOf([site('file:///fresh/url-a.mjs', 5, 6)])).toBe('/fresh/url-a.mjs:5:6');
    expect(locationOf([site('C:\\fresh\\win-b.js', 7, 8)])).toBe('C:\\fresh\\win-b.js:7:8');
    expect(locationOf([site('https://example.test/c.js', 9, 10)])).toBe('https://example.test/c.js:9:10');
    expect(locationOf([site('http://example.test/d.js', 11, 12)])).toBe('http://example.test/d.js:11:12');
  });

  it('skips installed @sched copies and @sched files reached through a file:// URL', () => {
    const user = fresh('after-installed');
    expect(
      locationOf([
        site('C:\\repo\\node_modules\\@sched\\core\\dist\\x.js', 1, 1),
        site('/repo/node_modules/.pnpm/a/node_modules/@sched/compat-gpui/dist/index.js', 4, 4),
        site(`file://${PACKAGES}core/dist/index.js`, 2, 2),
        site(user, 3, 3),
      ]),
    ).toBe(`${user}:3:3`);
  });

  it('keeps frames that only look like @sched: other scopes, other packages, other folders', () => {
    const cases = [
      '/repo/node_modules/@schedx/core/dist/a.js',
      '/repo/node_modules/@sched/core-extra/dist/a.js',
      '/repo/node_modules/@sched/other/dist/a.js',
      `${PACKAGES}core/test/a.test.ts`,
      `${PACKAGES}myapp/core/src/a.ts`,
      `${PACKAGES}simulation/src/a.ts`,
      `${PACKAGES}runtime-/src/a.ts`,
      '/elsewhere/packages/core/src/a.ts',
    ];
    for (const file of cases) expect(locationOf([site(file, 4, 2)])).toBe(`${file}:4:2`);
  });

  it('gives undefined when no site is a location', () => {
    expect(locationOf([site('node:fs'), site(`${PACKAGES}core/src/x.ts`)])).toBeUndefined();
    expect(locationOf([])).toBeUndefined();
  });
});

describe('a site with a sourceURL, or no position', () => {
  it('prefers the sourceURL, and falls back to the file name when there is none', () => {
    const named = fresh('named');
    const withUrl: FakeSite = { ...site('/fresh/ignored.js', 2, 3), getScriptNameOrSourceURL: () => named };
    const urlNull: FakeSite = { ...site(fresh('fallback'), 4, 5), getScriptNameOrSourceURL: () => null };

    expect(locationOf([withUrl])).toBe(`${named}:2:3`);
    expect(locationOf([urlNull])).toBe(`${urlNull.getFileName()}:4:5`);
  });

  it('a site with no line or column is at 0:0', () => {
    const file = fresh('nopos');
    expect(locationOf([site(file, null, null)])).toBe(`${file}:0:0`);
  });
});

describe('the per-site cache', () => {
  it('tells apart positions on the same line, the same column, and of other scripts', () => {
    const a = fresh('a');
    const b = fresh('b');
    const order: Array<[string, number, number]> = [
      [a, 1, 5],
      [a, 2, 5],
      [a, 1, 6],
      [b, 1, 5],
      [a, 2, 5],
      [a, 1, 5],
      [b, 2, 4],
    ];
    expect(order.map(([file, line, column]) => locationOf([site(file, line, column)]))).toEqual(
      order.map(([file, line, column]) => `${file}:${line}:${column}`),
    );
  });

  it('resolves a site once through a hook, and again once the hook is gone', () => {
    const file = fresh('hooked');
    let calls = 0;
    const hook: Prepare = () => {
      calls++;
      return `Error\n    at f (/mapped/${calls}.ts:1:1)`;
    };
    ErrorClass.prepareStackTrace = hook;
    const mapped = [locationOf([site(file, 3, 3)]), locationOf([site(file, 3, 3)])];
    ErrorClass.prepareStackTrace = undefined;
    const raw = locationOf([site(file, 3, 3)]);

    expect(mapped).toEqual(['/mapped/1.ts:1:1', '/mapped/1.ts:1:1']);
    expect(calls).toBe(1);
    expect(raw).toBe(`${file}:3:3`);
    expect(ErrorClass.prepareStackTrace).toBeUndefined();
  });

  it("a hook's string with no user frame costs the mapping, not the location", () => {
    const file = fresh('nouser');
    ErrorClass.prepareStackTrace = () => 'Error\n    at internal (node:internal/x:1:1)';
    expect(locationOf([site(file, 6, 7)])).toBe(`${file}:6:7`);
  });
});

describe('captureLocation when capture is not on', () => {
  it('captures nothing without a controlled host, and never calls captureStackTrace', () => {
    let calls = 0;
    ErrorClass.captureStackTrace = () => {
      calls++;
    };
    setSpawnLocationCapture('auto');
    const auto = captureLocation();
    setSpawnLocationCapture(false);
    const off = captureLocation();
    ErrorClass.captureStackTrace = realCapture;

    expect([auto, off, calls]).toEqual([undefined, undefined, 0]);
  });

  it('hands captureStackTrace the function to start below, and a stack limit of 5 frames', () => {
    const seen: Array<[unknown, number]> = [];
    const marker = (): void => {};
    ErrorClass.captureStackTrace = (_target: object, below?: unknown) => {
      seen.push([below, Error.stackTraceLimit]);
    };
    const limit = Error.stackTraceLimit;
    captureLocation(undefined, marker);
    ErrorClass.captureStackTrace = realCapture;

    expect(seen).toEqual([[marker, 5]]);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

describe('firstUserFrame, line by line', () => {
  it('reads only frame lines: a message that looks like a frame is not one', () => {
    expect(firstUserFrame('Error: /fresh/msg.ts:1:1\n    at f (/fresh/real.ts:2:3)')).toBe('/fresh/real.ts:2:3');
    expect(firstUserFrame('/fresh/only-message.ts:1:1')).toBeUndefined();
  });

  it('needs a line and a column, and keeps http(s) URLs whole', () => {
    expect(firstUserFrame('Error\n    at f (/fresh/noline.ts)\n    at g (/fresh/onlyline.ts:3)')).toBeUndefined();
    expect(firstUserFrame('Error\n    at f (https://example.test/a.js:1:2)')).toBe('https://example.test/a.js:1:2');
    expect(firstUserFrame('Error\n    at node:internal/x:1:1\n    at /fresh/after-node.ts:4:4')).toBe(
      '/fresh/after-node.ts:4:4',
    );
  });

  it('keeps http URLs whole, and skips an eval frame that ends in no file', () => {
    expect(firstUserFrame('Error\n    at f (http://example.test/a.js:1:2)')).toBe('http://example.test/a.js:1:2');
    expect(
      firstUserFrame(
        'Error\n    at eval (eval at f (/fresh/evalhost.js:1:1), <anonymous>:1:1)\n    at /fresh/next.js:2:2',
      ),
    ).toBe('/fresh/next.js:2:2');
  });
});

describe("capture on a controlled host: 'auto' follows the probe, false wins", () => {
  it('captures under a probe with spawnLocations true or absent, not false, and never with capture false', () => {
    const withProbe = (spawnLocations: boolean | undefined): TestHost => {
      const host = new TestHost();
      attachProbe(host, { suspend: () => undefined, finished: () => {}, spawnLocations });
      return host;
    };
    const on = withProbe(true);
    const absent = withProbe(undefined);
    const off = withProbe(false);
    setSpawnLocationCapture('auto');
    const auto = [on, absent, off].map((host) => captureLocation(host) !== undefined);
    setSpawnLocationCapture(false);
    const never = [on, absent, off].map((host) => captureLocation(host));

    expect(auto).toEqual([true, true, false]);
    expect(never).toEqual([undefined, undefined, undefined]);
  });
});
