// How the project starts Chromium: Debian's binary (installed by scripts/ensure-chromium.sh;
// CHROMIUM_PATH overrides it) and the launch flags for this machine's closed network. One home
// for the browser test project, the browser benchmarks and the HTML-timeline screenshot test.

/** The Chromium binary to launch. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), and no background connections the network refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
