/**
 * "Real code" in Node callback style: load layered JSON config files in parallel and merge them,
 * later files overriding earlier ones. It imports nothing from @sched; `fs` is injected (the real
 * `node:fs` in production, a `simulateIoCallback` stub in tests).
 */

export type Config = Record<string, unknown>;
export type ReadFile = (path: string, callback: (error: Error | null, data?: string) => void) => void;
export type Done = (error: Error | null, config?: Config) => void;

/** The bug: merges each file as it arrives, so the layer that arrives last wins, not the last path. */
export function loadConfig(fs: { readonly readFile: ReadFile }, paths: readonly string[], done: Done): void {
  const merged: Config = {};
  let pending = paths.length;
  let failed = false;
  for (const path of paths) {
    fs.readFile(path, (error, data) => {
      if (failed) return;
      if (error !== null) {
        failed = true;
        return done(error);
      }
      Object.assign(merged, JSON.parse(data ?? '{}'));
      if (--pending === 0) done(null, merged);
    });
  }
}

/** The fixed twin: keeps each layer in its slot and merges in path order once all have arrived. */
export function loadConfigOrdered(fs: { readonly readFile: ReadFile }, paths: readonly string[], done: Done): void {
  const layers: Config[] = new Array(paths.length);
  let pending = paths.length;
  let failed = false;
  paths.forEach((path, index) => {
    fs.readFile(path, (error, data) => {
      if (failed) return;
      if (error !== null) {
        failed = true;
        return done(error);
      }
      layers[index] = JSON.parse(data ?? '{}') as Config;
      if (--pending === 0) done(null, Object.assign({}, ...layers));
    });
  });
}
