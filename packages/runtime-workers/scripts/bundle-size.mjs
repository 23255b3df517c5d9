#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
// Size a Worker pays for this package's entry: dist/index.js bundled with rolldown (ESM,
// minified, browser platform), with @sched/core included and without it, raw and gzipped (-9).
// Run after `pnpm build`: node packages/runtime-workers/scripts/bundle-size.mjs
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function size(external) {
  const bundle = await rolldown({ input: entry, platform: 'browser', external, logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'esm', minify: true });
  await bundle.close();
  const code = output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
for (const [name, external] of [
  ['@sched/runtime-workers + @sched/core', []],
  ['@sched/runtime-workers alone (core external)', [/^@sched\/core/]],
]) {
  const { min, gzip } = await size(external);
  console.log(`${name}: ${kB(min)} minified, ${kB(gzip)} gzipped`);
}
