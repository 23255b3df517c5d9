#!/usr/bin/env node
// Builds the AFL shared-memory addon (addon/afl_shm.c) with node-gyp against this Node's own
// headers (offline when npm's `nodedir` points at them, e.g. /usr on Debian) and copies it to
// dist/afl_shm.node, where the harness loads it (dist/ is what the build caches).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');

function nodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  try {
    const dir = execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).trim();
    if (dir !== '' && dir !== 'undefined' && existsSync(`${dir}/include/node/node_api.h`)) return dir;
  } catch {}
  return existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined;
}

const dir = nodedir();
const args = [
  nodeGyp,
  'rebuild',
  '--loglevel=warn',
  '--directory',
  'addon',
  ...(dir === undefined ? [] : [`--nodedir=${dir}`]),
];
const run = spawnSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) {
  console.error(`build-addon: node-gyp failed (exit ${run.status}); command: node ${args.join(' ')}`);
  process.exit(run.status ?? 1);
}
mkdirSync(`${here}dist`, { recursive: true });
copyFileSync(`${here}addon/build/Release/afl_shm.node`, `${here}dist/afl_shm.node`);
console.log('build-addon: dist/afl_shm.node');
