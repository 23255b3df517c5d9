#!/usr/bin/env node
// Size of a package entry as a browser app or a Cloudflare Worker ships it: bundled by esbuild
// (ESM, minified, browser platform, tree-shaken from the entry's whole export list), then gzipped
// (level 9). The one bundle-size tool of the repository: runtime-browser and runtime-workers both
// cite it.
//
// Usage: pnpm build && node tools/bench/bundle-size.mjs [package-dir ...]   (default: runtime-browser)
//        e.g. node tools/bench/bundle-size.mjs runtime-workers
// Prints two rows per package: the entry alone (@sched/* left external) and with @sched/core
// bundled in.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** @param {string} dir @param {boolean} withCore */
async function measure(dir, withCore) {
  const manifest = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, 'utf8'));
  const result = await build({
    // The entry's whole export list is kept: the size of everything the package offers.
    stdin: { contents: `export * from '${manifest.name}';`, resolveDir: `${root}packages/${dir}` },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    external: withCore ? [] : ['@sched/core', '@sched/core/*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const dirs = process.argv.slice(2);
for (const dir of dirs.length > 0 ? dirs : ['runtime-browser']) {
  for (const withCore of [false, true]) {
    const { min, gzip } = await measure(dir, withCore);
    const what = withCore ? `@sched/${dir} + @sched/core` : `@sched/${dir} alone (@sched/core external)`;
    console.log(`${what}: ${kb(min)} minified, ${kb(gzip)} minified + gzip (${min} B / ${gzip} B)`);
  }
}
