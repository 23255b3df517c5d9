import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLocation } from '../src/host.js';
import { setSpawnLocationCapture } from '../src/index.js';

// Spawn-location capture swaps `Error.prepareStackTrace` and `Error.stackTraceLimit` for the
// length of one capture. These tests pin what it must do in realms and programs that make that
// awkward: read-only globals, minified bundles, reloaded modules, hooks that capture themselves.

type Prepare = (error: unknown, sites: unknown[]) => unknown;
const ErrorClass = Error as unknown as { prepareStackTrace?: Prepare; stackTraceLimit: number };

let savedPrepare: PropertyDescriptor | undefined;
let savedLimit: PropertyDescriptor | undefined;

beforeEach(() => {
  setSpawnLocationCapture(true);
  savedPrepare = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  savedLimit = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
});

afterEach(() => {
  setSpawnLocationCapture('auto');
  restore('prepareStackTrace', savedPrepare);
  restore('stackTraceLimit', savedLimit);
});

function restore(name: string, descriptor: PropertyDescriptor | undefined): void {
  if (descriptor === undefined) delete (Error as unknown as Record<string, unknown>)[name];
  else Object.defineProperty(Error, name, descriptor);
}

/**
 * Runs `source` as a script named `filename`; each function it stores as `globalThis.__<name>`
 * calls `globalThis.__cap()`, which captures below itself, so the script's frame is the first kept.
 */
function runScripts(source: string, filename: string): Record<string, () => string | undefined> {
  const global = globalThis as unknown as Record<string, unknown>;
  global.__cap = function cap() {
    return captureLocation(undefined, cap);
  };
  const before = new Set(Object.keys(global));
  vm.runInThisContext(source, { filename });
  const sites: Record<string, () => string | undefined> = {};
  for (const key of Object.keys(global)) {
    if (before.has(key) || !key.startsWith('__')) continue;
    sites[key.slice(2)] = global[key] as () => string | undefined;
    delete global[key];
  }
  return sites;
}

describe('captureLocation in awkward realms', () => {
  it('a read-only Error.stackTraceLimit neither makes the capture throw nor breaks later stacks', () => {
    Object.defineProperty(Error, 'stackTraceLimit', { value: 10, writable: false, configurable: true });
    const hookBefore = ErrorClass.prepareStackTrace;
    expect(() => captureLocation()).not.toThrow();
    expect(ErrorClass.prepareStackTrace).toBe(hookBefore);
    expect(ErrorClass.stackTraceLimit).toBe(10);
    const later = new Error('boom').stack ?? '';
    expect(later.startsWith('Error: boom\n')).toBe(true);
    expect(later).toMatch(/\n\s+at /);
  });

  it('a read-only Error.prepareStackTrace still gives a location, from the formatted stack', () => {
    const hook = ErrorClass.prepareStackTrace;
    Object.defineProperty(Error, 'prepareStackTrace', { value: hook, writable: false, configurable: true });
    const location = captureLocation();
    expect(location).toMatch(/spawn-location-realms\.test\.ts:\d+:\d+$/);
    expect(ErrorClass.prepareStackTrace).toBe(hook);
    expect(ErrorClass.stackTraceLimit).toBe(savedLimit?.value);
  });

  it('call sites on a line longer than 2^20 columns keep their own locations', () => {
    // Line 1's site sits at column 2^20 + c, line 2's at column c: one script, as a minified bundle.
    const site = (name: string) => `globalThis.__${name} = function ${name}() { return globalThis.__cap(); };`;
    const sites = runScripts(`${' '.repeat(0x100000)}${site('a')}\n${site('b')}\n`, '/app/bundle.min.js');
    const a = sites.a?.();
    const b = sites.b?.();
    expect(a).toMatch(/\/app\/bundle\.min\.js:1:\d+$/);
    expect(b).toMatch(/\/app\/bundle\.min\.js:2:\d+$/);
  });

  it('a script reloaded under the same name resolves its sites again (its source map may differ)', () => {
    // A source-map hook whose mapping changes with the module's version, as after an edit.
    let version = 1;
    const hook: Prepare = (error, sites) =>
      `${String(error)}\n${(sites as { getLineNumber(): number }[])
        .map((site) => `    at /src/app.ts:${version * 100 + site.getLineNumber()}:1`)
        .join('\n')}`;
    ErrorClass.prepareStackTrace = hook;
    const source = (text: string) => `globalThis.__a = function a() { return globalThis.__cap('${text}'); };\n`;
    expect(runScripts(source('v1'), '/app/reloaded.js').a?.()).toBe('/src/app.ts:101:1');
    version = 2;
    expect(runScripts(source('v2'), '/app/reloaded.js').a?.()).toBe('/src/app.ts:201:1');
  });

  it('a capture inside a prepareStackTrace hook leaves the outer capture its location', () => {
    const hook = ErrorClass.prepareStackTrace;
    let inner: string | undefined | null = null;
    ErrorClass.prepareStackTrace = (error, sites) => {
      inner = captureLocation();
      return hook === undefined ? String(error) : hook(error, sites);
    };
    const outer = captureLocation();
    expect(outer).toMatch(/spawn-location-realms\.test\.ts:\d+:\d+$/);
    expect(inner).not.toBeNull(); // the hook ran, and its own capture returned
  });
});

describe('captureLocation and paths with spaces', () => {
  it('keeps the whole path of a script whose name has a space, with or without a hook', () => {
    const site = 'globalThis.__a = function a() { return globalThis.__cap(); };\n';
    const withHook = runScripts(site, '/app/my dir/with-hook.js').a?.();
    expect(withHook).toMatch(/^\/app\/my dir\/with-hook\.js:1:\d+$/);
    ErrorClass.prepareStackTrace = undefined;
    const withoutHook = runScripts(site, '/app/my dir/no-hook.js').a?.();
    expect(withoutHook).toMatch(/^\/app\/my dir\/no-hook\.js:1:\d+$/);
  });
});
