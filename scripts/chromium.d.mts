// Types of chromium.mjs.

/** The Chromium binary to launch (Debian's /usr/bin/chromium unless CHROMIUM_PATH says otherwise). */
export declare const CHROMIUM_PATH: string;
/** Launch flags: headless, no sandbox, no background networking. */
export declare const CHROMIUM_ARGS: string[];
