#!/usr/bin/env node
// `node ../../scripts/clean.mjs dist`: removes the given folders (relative to the current
// directory) before a build, so files of sources that were moved or deleted are not left in
// dist/ and shipped. Portable `rm -rf`.

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

for (const dir of process.argv.slice(2)) rmSync(resolve(dir), { recursive: true, force: true });
