import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
const exact = (name: string, path: string) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: src(path),
});

// Tests run against the TypeScript sources, so a change is tested without a build.
export default defineConfig({
  resolve: {
    alias: [
      exact('@sched/core', 'core/src/index.ts'),
      exact('@sched/core/host', 'core/src/host.ts'),
      exact('@sched/sim', 'sim/src/index.ts'),
      exact('@sched/sim/vitest', 'sim/src/vitest/index.ts'),
      exact('@sched/sim/fast-check', 'sim/src/fast-check/index.ts'),
      exact('@sched/runtime-node', 'runtime-node/src/index.ts'),
      exact('@sched/compat-gpui', 'compat-gpui/src/index.ts'),
      exact('@sched/compat-cloud', 'compat-cloud/src/index.ts'),
      exact('@sched/compat-cloud/sim', 'compat-cloud/src/sim/index.ts'),
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      // Real headless Chromium (Debian's chromium): @sched/runtime-browser's test-browser/.
      './packages/runtime-browser/vitest.config.ts',
    ],
  },
});
