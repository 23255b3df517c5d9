// Shared StrykerJS settings for `pnpm mutate` (see docs/mutation.md). Each package has its own
// config next to this file; run them with `pnpm mutate [core|sim|runtime-node]` from the root.
//
// Tests run from the root vitest.config.ts (aliases to the TypeScript sources), so every config
// runs Stryker from the repository root and limits the tests with `testFiles`.

import { fileURLToPath } from 'node:url';

// pnpm installs packages isolated, so Stryker cannot find its runner by the default
// '@stryker-mutator/*' glob: hand it the resolved path.
const vitestRunner = fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner'));

/**
 * @param {string} pkg the directory name under packages/
 * @param {string[]} mutate globs of the files to mutate, relative to the repository root
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig(pkg, mutate) {
  return {
    plugins: [vitestRunner],
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.config.ts', related: false },
    // Not the doc-example runs: they run the built packages (no mutant), and in the sandbox the
    // package's own dist and its siblings' links would load two copies of core.
    testFiles: [`packages/${pkg}/test/**/!(doc-examples).test.ts`],
    mutate,
    coverageAnalysis: 'perTest',
    // vitest does not type-check, and the sim README test compares example files byte for byte:
    // Stryker must not prepend `// @ts-nocheck` to them.
    disableTypeChecks: false,
    // 2 shared cores: one sandbox keeps the machine usable; pass --concurrency 2 to go faster.
    concurrency: 1,
    timeoutMS: 4_000,
    timeoutFactor: 1.5,
    // Not checked in (about 1.6 MB per package, rewritten by every run; docs/mutation.md): the next
    // run on the same clone only tests mutants in changed code or covered by changed tests.
    incremental: true,
    incrementalFile: `mutation/incremental/${pkg}.json`,
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: `mutation/reports/${pkg}/index.html` },
    jsonReporter: { fileName: `mutation/reports/${pkg}/mutation.json` },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    // One sandbox folder per package, so two packages can be mutated at once.
    tempDirName: `.stryker-tmp-${pkg}`,
    cleanTempDir: 'always',
    // dist/ is copied: a few tests (the sim README's plain-node example) run the built packages in
    // a child process. They see no mutant (mutants are in the TypeScript sources) but must pass.
    ignorePatterns: ['.stryker-tmp*', 'mutation/reports', 'mutation/incremental', '.packs', 'coverage'],
    thresholds: { high: 90, low: 85, break: null },
  };
}
