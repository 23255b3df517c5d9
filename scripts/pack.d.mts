// Types of pack.mjs, for tools/pack-test (which packs through packPublicPackages).

/** One packed package. */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** The package's folder. */
  readonly dir: string;
  /** Absolute path of the .tgz written. */
  readonly tarball: string;
}

/**
 * Packs every public package into `outDir` with `pnpm pack` and checks that no `workspace:`
 * range survived. Rejects with pnpm's output.
 */
export declare function packPublicPackages(outDir: string): Promise<PackedPackage[]>;

/** How to run pnpm: `[command, ...leadingArgs]`. */
export declare function pnpmCommand(): string[];

/** Runs a command to completion, collecting its output. */
export declare function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; stdout: string; output: string }>;

/** The files of a .tgz made by `npm pack`/`pnpm pack`: path (without `package/`) → contents. */
export declare function readTarball(path: string): Map<string, Buffer>;
