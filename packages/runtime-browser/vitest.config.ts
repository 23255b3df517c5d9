// The browser project of the root vitest config: every test in test-browser/ runs in real
// headless Chromium (Debian's /usr/bin/chromium, installed by scripts/ensure-chromium.sh), driven
// by playwright. No browser is downloaded, and no DOM emulation (jsdom, happy-dom) is used.
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const src = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const exact = (name: string, path: string) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: src(path),
});

const config: UserWorkspaceConfig = defineProject({
  resolve: {
    alias: [
      exact('@sched/core', 'core/src/index.ts'),
      exact('@sched/core/host', 'core/src/host.ts'),
      exact('@sched/runtime-browser', 'runtime-browser/src/index.ts'),
    ],
  },
  // Pre-bundled up front, so Vite never reloads the page in the middle of a run.
  optimizeDeps: { include: ['fast-check'] },
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['packages/runtime-browser/test-browser/**/*.test.ts'],
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
});

export default config;
