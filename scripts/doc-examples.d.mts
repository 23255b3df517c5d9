// Types of doc-examples.mjs, for the packages' test/doc-examples.test.ts.

export interface Example {
  /** File name (without extension) of a program, or a module's file name. */
  readonly name: string;
  /** `program`: run with node; `vitest`: run with vitest; `module`: imported by the others. */
  readonly kind: 'program' | 'vitest' | 'module';
  readonly source: string;
  /** Where it came from, for failure messages. */
  readonly origin: string;
}

export interface DocExamplesOptions {
  /** Absolute path of the package (the folder of its package.json). */
  readonly packageDir: string;
  /** Files (`README.md`, `src/…`) that must have at least one program. */
  readonly origins: readonly string[];
  /** The least number of programs (README and @example blocks that are not modules). */
  readonly minPrograms: number;
  /** Whether the README's ts blocks are examples too (default true). */
  readonly readme?: boolean;
  /** Packages linked into the examples' node_modules: name → absolute package folder. */
  readonly links?: Readonly<Record<string, string>>;
  /** A check run before anything is compiled, e.g. that a worker entry is built. */
  readonly assertBuilt?: () => void;
  /** How long a program may run, in ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** The compiler options of a demanding user's project (strict, no DOM, no skipLibCheck). */
export declare const USER_COMPILER_OPTIONS: Readonly<Record<string, unknown>>;

export declare function fromBlocks(text: string, origin: string, prefix: string): Example[];
export declare function collectExamples(packageDir: string, options?: { readonly readme?: boolean }): Example[];
export declare function expectedOutput(source: string): string[];
export declare function assertDistBuilt(dir: string): void;
export declare function docExamplesSuite(options: DocExamplesOptions): void;
