#!/usr/bin/env node
// `pnpm api:check` / `pnpm api:update`: the API report of every public entry point.
//
// Each public package's entry points are the "exports" of its package.json that have a "types"
// condition. For each one, API Extractor reads the built declarations (dist/*.d.ts, as a user's
// compiler sees them: @internal members stripped) and writes a report listing every exported
// declaration with its full signature, to packages/<package>/api/<name>.api.md (<name> is the
// package's folder name, plus `-<subpath>` for an entry other than the root). The reports are
// checked in, so every change to a public surface shows up in review. A report of an entry other
// than the root names, instead of repeating, the declarations it shares with the root report
// (api-report-shared.mjs).
//
//   node scripts/api-report.mjs --check    fails if a report differs from the built declarations
//                                           (printing the diff), or is missing, or is left over
//   node scripts/api-report.mjs --update   rewrites the reports (run `pnpm build` first;
//                                           `pnpm api:update` does both)
//
// Needs built packages. Runs offline; the TypeScript used is the repository's.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { nameSharedDeclarations } from './api-report-shared.mjs';
import { publicPackages, root } from './public-packages.mjs';

const update = process.argv.includes('--update');
const UPDATE_COMMAND = 'pnpm api:update';

/** Every entry point of every public package: { pkgDir, pkgName, subpath, types, report }. */
function entryPoints() {
  const entries = [];
  for (const { dir: pkgDir, pkg } of publicPackages()) {
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      if (target === null || typeof target !== 'object' || typeof target.types !== 'string') continue;
      const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replaceAll('/', '-')}`;
      entries.push({
        pkgDir,
        pkgName: pkg.name,
        subpath,
        types: join(pkgDir, target.types),
        report: `${basename(pkgDir)}${suffix}.api.md`,
      });
    }
  }
  return entries;
}

/** Runs API Extractor on one entry point; returns the report text it produced and its errors. */
function extract(entry, outDir) {
  const errors = [];
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: entry.pkgDir,
      mainEntryPointFilePath: entry.types,
      // Analyse the declarations as a user's project would see them (no workspace paths).
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            types: ['node'],
            skipLibCheck: true,
          },
          files: [entry.types],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.report,
        reportFolder: outDir,
        reportTempFolder: join(outDir, 'temp'),
        // A declaration that an export references but the entry point does not export (say a
        // type from the package's other entry point) is listed too, without `export`: a change
        // to it changes what users of this entry point see.
        includeForgottenExports: true,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        // Other findings about the surface are written into the report itself, so they are
        // reviewed like the rest of it. Doc-only findings (release tags, undocumented members,
        // links to names an entry does not export) are left out.
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: false },
          'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    },
    configObjectFullPath: join(entry.pkgDir, 'api-extractor.json'),
    packageJsonFullPath: join(entry.pkgDir, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: true, // always write to outDir; the comparison is ours
    typescriptCompilerFolder: join(root, 'node_modules', 'typescript'),
    messageCallback: (message) => {
      message.handled = true;
      // Console messages are API Extractor's own notes about the report files it wrote.
      if (message.messageId.startsWith('console-')) return;
      if (message.logLevel === 'error' || message.logLevel === 'warning') {
        errors.push(`${message.sourceFilePath ? `${relative(root, message.sourceFilePath)}: ` : ''}${message.text}`);
      }
    },
  });
  if (!result.succeeded) errors.push(`API Extractor failed (${result.errorCount} error(s))`);
  const file = join(outDir, entry.report);
  return { text: existsSync(file) ? readFileSync(file, 'utf8') : undefined, errors };
}

function diff(expectedFile, actualFile) {
  const run = spawnSync('git', ['diff', '--no-index', '--no-color', '--', expectedFile, actualFile], {
    encoding: 'utf8',
  });
  return run.stdout || run.stderr;
}

const entries = entryPoints();
const missing = entries.filter((entry) => !existsSync(entry.types));
if (missing.length > 0) {
  for (const entry of missing) console.log(`FAIL ${relative(root, entry.types)} does not exist`);
  console.log('Build the packages first: `pnpm build`.');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'sched-api-report-'));
let failed = false;
/** Each package's root report as just produced, for its other entry points (see api-report-shared.mjs). */
const rootReports = new Map();
// Root entries first, so a package's other entries can name what they share with it.
const ordered = [...entries.filter((e) => e.subpath === '.'), ...entries.filter((e) => e.subpath !== '.')];
try {
  for (const entry of ordered) {
    const name = `${entry.pkgName}${entry.subpath === '.' ? '' : entry.subpath.slice(1)}`;
    const apiDir = join(entry.pkgDir, 'api');
    const checkedIn = join(apiDir, entry.report);
    const extracted = extract(entry, join(work, entry.report));
    const { errors } = extracted;
    let { text } = extracted;
    if (text !== undefined && entry.subpath === '.') rootReports.set(entry.pkgDir, text);
    else if (text !== undefined && rootReports.has(entry.pkgDir)) {
      text = nameSharedDeclarations(text, rootReports.get(entry.pkgDir), entry.pkgName);
      writeFileSync(join(work, entry.report, entry.report), text); // what a failed check diffs against
    }
    if (text === undefined || errors.length > 0) {
      failed = true;
      console.log(`FAIL ${name}: could not produce its API report`);
      for (const error of errors) console.log(`  ${error}`);
      continue;
    }
    const before = existsSync(checkedIn) ? readFileSync(checkedIn, 'utf8') : undefined;
    if (before === text) {
      console.log(`ok   ${name}: ${relative(root, checkedIn)}`);
    } else if (update) {
      mkdirSync(apiDir, { recursive: true });
      writeFileSync(checkedIn, text);
      console.log(`${before === undefined ? 'new ' : 'upd '} ${name}: ${relative(root, checkedIn)}`);
    } else {
      failed = true;
      if (before === undefined) {
        console.log(`FAIL ${name}: ${relative(root, checkedIn)} is missing`);
      } else {
        console.log(`FAIL ${name}: the public API differs from ${relative(root, checkedIn)}`);
        console.log(diff(checkedIn, join(work, entry.report, entry.report)));
      }
    }
  }

  // A report whose entry point is gone.
  const expected = new Set(entries.map((entry) => join(entry.pkgDir, 'api', entry.report)));
  for (const pkgDir of new Set(entries.map((entry) => entry.pkgDir))) {
    const apiDir = join(pkgDir, 'api');
    if (!existsSync(apiDir)) continue;
    for (const file of readdirSync(apiDir).filter((name) => name.endsWith('.api.md'))) {
      const path = join(apiDir, file);
      if (expected.has(path)) continue;
      if (update) {
        rmSync(path);
        console.log(`del  ${relative(root, path)} (no such entry point)`);
      } else {
        failed = true;
        console.log(`FAIL ${relative(root, path)}: no entry point produces this report`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failed && !update) {
  console.log(
    `\nThe API reports are out of date. If the change to the public API is intended, run \`${UPDATE_COMMAND}\` and commit packages/*/api/*.api.md (and add a changeset).`,
  );
}
process.exit(failed ? 1 : 0);
