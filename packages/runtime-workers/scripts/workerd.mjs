// Runs a worker module in real workerd (the `workerd` npm package's binary): `workerd test` for
// worker-side tests, `workerd serve` on a free loopback port for HTTP. Used by this package's
// tests (test/workerd/) and by `pnpm bench workers-requests`.
//
// The worker imports the built packages (dist/: run `pnpm build` first). Each built file is its
// own module, named file:///bundle/node_modules/@sched/<package>/dist/…, so stack frames, and
// therefore spawn locations, look as they do in an installed package.
import { spawn } from 'node:child_process';
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
import { basename, dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** Path of the workerd binary shipped by the npm package. */
const WORKERD_BINARY = createRequire(import.meta.url)('workerd').default;

/** Not newer than the binary's build; the date the anchors measured with. */
const COMPATIBILITY_DATE = '2026-04-01';

/** Packages a worker can import, by bare specifier → built file under packages/. */
const ENTRY_POINTS = {
  '@sched/core': 'core/dist/index.js',
  '@sched/core/host': 'core/dist/host.js',
  '@sched/runtime-workers': 'runtime-workers/dist/index.js',
  '@sched/compat-cloud': 'compat-cloud/dist/index.js',
};

/** Packages every worker gets; `options.packages` adds others (e.g. `['compat-cloud']`). */
const BASE_PACKAGES = ['core', 'runtime-workers'];

/** Module name of a built file under packages/. */
function moduleName(file) {
  return `file:///bundle/node_modules/@sched/${file}`;
}

/**
 * workerd resolves an import against the importing module's name, like a path, so a bare
 * `@sched/…` import would not find the package: point each one at its module, as a relative
 * path, the way a bundler's resolver would.
 */
function resolveBareImports(source, importer) {
  const from = posix.dirname(importer.replace('file://', ''));
  return source.replace(/(['"])(@sched\/[a-z-]+(?:\/[a-z-]+)?)\1/g, (whole, quote, specifier) => {
    const file = ENTRY_POINTS[specifier];
    if (file === undefined) return whole;
    const path = posix.relative(from, moduleName(file).replace('file://', ''));
    return `${quote}${path.startsWith('.') ? path : `./${path}`}${quote}`;
  });
}

function jsFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...jsFiles(path));
    else if (name.endsWith('.js')) files.push(path);
  }
  return files;
}

/**
 * Lays out the worker module `workerPath` and the built @sched packages for workerd: a service
 * `main` bound to itself as `SELF`, and, with `port`, an HTTP socket on 127.0.0.1:port. With
 * `packages`, those built packages (directory names under packages/) are laid out too. With
 * `packagesDir`, the packages are read from there instead of packages/ (e.g. an installed
 * `node_modules/@sched`, which has the same `<name>/dist` layout).
 */
function bundleWorker(workerPath, options = {}) {
  const packages = [...BASE_PACKAGES, ...(options.packages ?? [])];
  const from = options.packagesDir ?? packagesDir;
  for (const pkg of packages) {
    if (!existsSync(join(from, pkg, 'dist/index.js'))) {
      throw new Error(`${join(from, pkg)}/dist is missing: run \`pnpm build\` before running workers in workerd`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sched-workerd-'));
  const modules = [];
  const embed = (name, source) => {
    const target = join(dir, 'files', name.replace('file:///', ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, resolveBareImports(readFileSync(source, 'utf8'), name));
    modules.push(`(name = "${name}", esModule = embed "${relative(dir, target)}")`);
  };
  embed(`file:///bundle/test/${basename(workerPath)}`, workerPath);
  for (const pkg of packages) {
    const dist = join(from, pkg, 'dist');
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

/** Runs `workerd test` on `workerPath`; collects `[ PASS ]` / `[ FAIL ]` per test entrypoint. */
export async function runWorkerdTests(workerPath, options = {}) {
  const bundle = bundleWorker(workerPath, { packages: options.packages, packagesDir: options.packagesDir });
  try {
    const child = spawn(WORKERD_BINARY, ['test', bundle.config], {
      cwd: bundle.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    const verdicts = new Map();
    for (const match of output.matchAll(/\[ (PASS|FAIL) \] main:(\S+)/g)) verdicts.set(match[2], match[1]);
    return { verdicts, output, exitCode };
  } finally {
    bundle.cleanup();
  }
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
function freePort() {
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

/**
 * Serves `workerPath` with `workerd serve` on a free 127.0.0.1 port; resolves once `GET /ready`
 * answers. `stop()` ends that process (by its own handle) and removes the bundle.
 */
export async function serveWorker(workerPath, timeoutMs = 10_000, options = {}) {
  const port = await freePort();
  const bundle = bundleWorker(workerPath, { port, packages: options.packages, packagesDir: options.packagesDir });
  const child = spawn(WORKERD_BINARY, ['serve', bundle.config], { cwd: bundle.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
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
