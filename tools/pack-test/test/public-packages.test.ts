import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allPackages, publicPackages, root } from '../../../scripts/public-packages.mjs';

let temp = '';
afterEach(() => {
  if (temp !== '') rmSync(temp, { recursive: true, force: true });
  temp = '';
});

/** A packages/ folder holding `manifests` (folder → package.json), plus a loose file and a folder without a manifest. */
function packagesDir(manifests: Record<string, object>): string {
  temp = mkdtempSync(join(tmpdir(), 'sched-public-packages-'));
  for (const [folder, manifest] of Object.entries(manifests)) {
    mkdirSync(join(temp, folder));
    writeFileSync(join(temp, folder, 'package.json'), JSON.stringify(manifest));
  }
  mkdirSync(join(temp, 'no-manifest'));
  writeFileSync(join(temp, 'README.md'), '# not a package\n');
  return temp;
}

describe('allPackages / publicPackages (the list pack.mjs, api-report.mjs and check-packages.mjs share)', () => {
  it('lists the folders with a package.json, sorted by folder, and keeps those not marked private', () => {
    const dir = packagesDir({
      zeta: { name: '@x/zeta', version: '1.0.0' },
      alpha: { name: '@x/alpha', version: '1.0.0', private: false },
      mid: { name: '@x/mid', version: '1.0.0', private: true },
    });
    expect(allPackages(dir)).toEqual([
      { dir: join(dir, 'alpha'), pkg: { name: '@x/alpha', version: '1.0.0', private: false } },
      { dir: join(dir, 'mid'), pkg: { name: '@x/mid', version: '1.0.0', private: true } },
      { dir: join(dir, 'zeta'), pkg: { name: '@x/zeta', version: '1.0.0' } },
    ]);
    expect(publicPackages(dir).map(({ pkg }) => pkg.name)).toEqual(['@x/alpha', '@x/zeta']);
  });

  it("reads the repository's packages/ by default: every package folder, each with its own package.json", () => {
    const folders = readdirSync(join(root, 'packages'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(allPackages().map(({ dir }) => basename(dir))).toEqual(folders);
    for (const { dir, pkg } of allPackages()) {
      expect(pkg).toEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
    }
    expect(publicPackages().map(({ pkg }) => pkg.name)).toContain('@sched/core');
  });
});
