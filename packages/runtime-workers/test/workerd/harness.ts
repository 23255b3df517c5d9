// Runs worker fixtures in real workerd (the `workerd` npm package's binary): `workerd test` for
// worker-side tests, `workerd serve` on a loopback port for HTTP. The fixtures import the built
// packages (dist/), loaded as separate modules named file:///bundle/node_modules/@sched/<pkg>/…,
// so stack frames, and therefore spawn locations, look as they do in an installed package.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Path of the workerd binary shipped by the npm package. */
export const WORKERD_BINARY: string = (createRequire(import.meta.url)('workerd') as { default: string }).default;

/** Not newer than the binary's build; a date the anchors measured. */
const COMPATIBILITY_DATE = '2026-04-01';

/** Packages a fixture can import, by bare specifier → built file. */
const ENTRY_POINTS: Record<string, string> = {
  '@sched/core': 'core/dist/index.js',
  '@sched/core/host': 'core/dist/host.js',
  '@sched/runtime-workers': 'runtime-workers/dist/index.js',
};

/** Module name of a built file under packages/: file:///bundle/node_modules/@sched/<pkg>/dist/… */
function moduleName(file: string): string {
  return `file:///bundle/node_modules/@sched/${file}`;
}

/**
 * workerd resolves an import against the importing module's name, so a bare `@sched/…` import
 * from a file:/// module would not find the package: point each one at its module name, as a
 * bundler's resolver would.
 */
function resolveBareImports(source: string, importer: string): string {
  const from = posix.dirname(importer.replace('file://', ''));
  return source.replace(/(['"])(@sched\/[a-z-]+(?:\/[a-z-]+)?)\1/g, (whole, quote: string, specifier: string) => {
    const file = ENTRY_POINTS[specifier];
    if (file === undefined) return whole;
    const path = posix.relative(from, moduleName(file).replace('file://', ''));
    return `${quote}${path.startsWith('.') ? path : `./${path}`}${quote}`;
  });
}

function jsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...jsFiles(path));
    else if (name.endsWith('.js')) files.push(path);
  }
  return files;
}

/** A directory holding a capnp config and every module a fixture needs. */
export interface WorkerBundle {
  readonly dir: string;
  readonly config: string;
  cleanup(): void;
}

/**
 * Lays out `fixture` (a file in fixtures/) and the built @sched packages for workerd, with a
 * service `main` bound to itself as `SELF`, and, with `port`, an HTTP socket on 127.0.0.1:port.
 */
export function bundleWorker(fixture: string, options: { readonly port?: number } = {}): WorkerBundle {
  for (const pkg of ['core', 'runtime-workers']) {
    if (!existsSync(join(packagesDir, pkg, 'dist/index.js'))) {
      throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` before the workerd tests`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sched-workerd-'));
  const modules: string[] = [];
  const embed = (name: string, source: string): void => {
    const target = join(dir, 'files', name.replace('file:///', ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, resolveBareImports(readFileSync(source, 'utf8'), name));
    modules.push(`(name = "${name}", esModule = embed "${relative(dir, target)}")`);
  };
  embed(`file:///bundle/test/${fixture}`, join(fixturesDir, fixture));
  for (const pkg of ['core', 'runtime-workers']) {
    const dist = join(packagesDir, pkg, 'dist');
    for (const file of jsFiles(dist)) embed(moduleName(`${pkg}/dist/${relative(dist, file)}`), file);
  }
  const sockets =
    options.port === undefined
      ? ''
      : `, sockets = [ (name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main") ]`;
  const config = join(dir, 'config.capnp');
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "main", worker = .w) ]${sockets} );
const w :Workerd.Worker = (
  modules = [ ${modules.join(',\n    ')} ],
  bindings = [ (name = "SELF", service = "main") ],
  compatibilityDate = "${COMPATIBILITY_DATE}" );
`,
  );
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The outcome of one `workerd test` run: each test entrypoint's verdict, and everything printed. */
export interface WorkerdTestRun {
  readonly verdicts: ReadonlyMap<string, 'PASS' | 'FAIL'>;
  readonly output: string;
  readonly exitCode: number | null;
}

/** Runs `workerd test` on `fixture` and collects `[ PASS ]` / `[ FAIL ]` per entrypoint. */
export async function runWorkerdTests(fixture: string): Promise<WorkerdTestRun> {
  const bundle = bundleWorker(fixture);
  try {
    const child = spawn(WORKERD_BINARY, ['test', bundle.config], {
      cwd: bundle.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const verdicts = new Map<string, 'PASS' | 'FAIL'>();
    for (const match of output.matchAll(/\[ (PASS|FAIL) \] main:(\S+)/g)) {
      verdicts.set(match[2] as string, match[1] as 'PASS' | 'FAIL');
    }
    return { verdicts, output, exitCode };
  } finally {
    bundle.cleanup();
  }
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A `workerd serve` process listening on 127.0.0.1:port. */
export interface ServedWorker {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Serves `fixture` with `workerd serve` on a free loopback port; resolves once it answers. */
export async function serveWorker(fixture: string, timeoutMs = 10_000): Promise<ServedWorker> {
  const port = await freePort();
  const bundle = bundleWorker(fixture, { port });
  const child: ChildProcess = spawn(WORKERD_BINARY, ['serve', bundle.config], {
    cwd: bundle.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    bundle.cleanup();
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`workerd serve exited with ${child.exitCode}:\n${output}`);
    }
    try {
      await fetch(`${url}/ready`);
      return { url, output: () => output, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`workerd serve did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
