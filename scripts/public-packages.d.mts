// Types of public-packages.mjs, for its test (tools/pack-test/test/public-packages.test.ts).

/** The repository's root folder, with a trailing separator. */
export declare const root: string;

/** A package's package.json as parsed (typed only as far as the scripts read it). */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly [field: string]: unknown;
}

/** A folder under packages/ and its package.json. */
export interface WorkspacePackage {
  readonly dir: string;
  readonly pkg: PackageManifest;
}

/** Every folder under packages/ (or `packagesDir`) with a package.json, private or not, sorted by directory. */
export declare function allPackages(packagesDir?: string): WorkspacePackage[];

/** Every package under packages/ (or `packagesDir`) that is not private, sorted by directory. */
export declare function publicPackages(packagesDir?: string): WorkspacePackage[];
