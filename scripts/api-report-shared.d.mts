// Types of api-report-shared.mjs, for its test (tools/pack-test/test/api-report-shared.test.ts).

/**
 * Drops from `report` (a subpath entry's API report) every declaration block that is exactly an
 * exported declaration of `rootReport`, and imports those names from `rootModule` instead.
 */
export function nameSharedDeclarations(report: string, rootReport: string, rootModule: string): string;
