import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string): string => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@sched/core': pkg('core'),
      '@sched/sim': pkg('sim'),
      '@sched/runtime-node': pkg('runtime-node'),
      '@sched/compat-gpui': pkg('compat-gpui'),
      '@sched/compat-cloud': pkg('compat-cloud'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
