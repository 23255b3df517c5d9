#!/usr/bin/env node
// `node scripts/pack.mjs [out-dir]` (default `.packs/`): packs every public package under
// packages/ with `pnpm pack` into one folder and prints one tarball path per line.
//
// This is the supported way to make tarballs, and `pnpm publish` (which `changeset publish` runs)
// is the supported way to publish: pnpm replaces `workspace:^` ranges with the real versions.
// `npm pack` / `npm publish` keep `workspace:^`, and installing such a tarball fails with
// EUNSUPPORTEDPROTOCOL, so each package's `prepack` script (scripts/prepack.mjs) refuses them.
//
// Packages must be built first (`pnpm build`); the prepack check fails otherwise.
// Also a module: scripts/check-packages.mjs and tools/pack-test call `packPublicPackages` (types in
// pack.d.mts). Which packages are public is scripts/public-packages.mjs's to say.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { publicPackages, root } from './public-packages.mjs';

/**
 * How to run pnpm: the pnpm that runs this script (`pnpm test`, `npx pnpm@10 …`: npm_execpath),
 * else `pnpm` from PATH. Returns `[command, ...leadingArgs]`.
 */
export function pnpmCommand() {
  const { env } = process; // npm and pnpm set npm_execpath for the scripts they run
  const execPath = env.npm_execpath ?? '';
  if (/pnpm/i.test(basename(execPath)) && existsSync(execPath)) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ['pnpm'];
}

/** Runs a command to completion, collecting its output; resolves to `{ ok, stdout, output }`. */
export function run(command, args, cwd, env = process.env) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => done({ ok: false, stdout, output: `${output}${error}` }));
    child.on('close', (code) => done({ ok: code === 0, stdout, output }));
  });
}

/** The files of a .tgz made by `npm pack`/`pnpm pack`: a Map from path (without `package/`) to contents. */
export function readTarball(path) {
  const tar = gunzipSync(readFileSync(path));
  const files = new Map();
  let longName;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === '0' || type === '') files.set(name.replace(/^[^/]+\//, ''), Buffer.from(body));
  }
  return files;
}

/**
 * Packs every public package into `outDir` with `pnpm pack` and checks that no `workspace:`
 * range survived. Resolves to `[{ name, version, dir, tarball }]`; rejects with pnpm's output.
 */
export async function packPublicPackages(outDir) {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const [command, ...leading] = pnpmCommand();
  return Promise.all(
    publicPackages().map(async ({ dir, pkg }) => {
      const result = await run(command, [...leading, 'pack', '--pack-destination', out], dir);
      if (!result.ok) throw new Error(`pnpm pack failed in ${dir}:\n${result.output}`);
      const tarball = join(out, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
      if (!existsSync(tarball)) throw new Error(`pnpm pack did not write ${tarball}:\n${result.output}`);
      const manifest = readTarball(tarball).get('package.json')?.toString('utf8') ?? '';
      if (manifest.includes('workspace:')) throw new Error(`${tarball}: package.json still has a workspace: range`);
      return { name: pkg.name, version: pkg.version, dir, tarball };
    }),
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const packed = await packPublicPackages(process.argv[2] ?? join(root, '.packs'));
    for (const { tarball } of packed) console.log(tarball);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
