// For the API report of an entry point other than a package's root (`@sched/core/host`,
// `@sched/sim/vitest`, …): declarations it shares with the root report are named, not repeated.
//
// API Extractor lists every declaration an entry point refers to. When that declaration is
// exported by the package's root entry too (the subpath's `Simulator` is the root's `Simulator`),
// its body is already in the root report, and a change to it shows up there. So a subpath report
// keeps only what is its own: each block that is, text for text, an exported declaration of the
// root report is dropped, and its name is imported from the root entry in the report's import
// list, the way API Extractor shows declarations of other packages. A block that differs in any
// way (another declaration under the same name, a changed signature) stays.

/**
 * The blocks of a report's code fence: its lines up to the first blank line (the imports), then
 * one string per declaration (blocks are separated by one blank line), and the lines after the
 * fence.
 * @param {string} report
 */
function parse(report) {
  const open = report.indexOf('```ts\n');
  const close = report.lastIndexOf('\n```');
  if (open < 0 || close < open) throw new Error('not an API Extractor report: no ```ts fence');
  // API Extractor starts the fence with a blank line: kept in `head`, so blocks start with text.
  const fence = open + '```ts\n'.length;
  const head = report.slice(0, report.startsWith('\n', fence) ? fence + 1 : fence);
  const body = report.slice(head.length, close);
  const tail = report.slice(close);
  return { head, blocks: body.split('\n\n'), tail };
}

/** The declaration line of a block: its first line that is not a `//` comment. @param {string} block */
function declarationLine(block) {
  return block.split('\n').find((line) => !line.startsWith('//')) ?? '';
}

const DECLARATION =
  /^(?:export )?(?:declare )?(?:abstract )?(?:class|interface|type|function|const|let|var|enum|namespace) ([A-Za-z_$][\w$]*)/;

/** The name a block declares, or undefined for an import list or a warnings section. @param {string} block */
function declaredName(block) {
  return DECLARATION.exec(declarationLine(block))?.[1];
}

/** A block as it reads without `export` on its declaration line. @param {string} block */
function withoutExport(block) {
  const line = declarationLine(block);
  return block.replace(line, line.replace(/^export /, ''));
}

/**
 * Drops from `report` (a subpath entry's API report) every declaration block that is exactly an
 * exported declaration of `rootReport`, and imports those names from `rootModule` instead.
 * Returns the report unchanged when it shares nothing with the root.
 * @param {string} report @param {string} rootReport @param {string} rootModule e.g. '@sched/sim'
 * @returns {string}
 */
export function nameSharedDeclarations(report, rootReport, rootModule) {
  const rootExported = new Set(
    parse(rootReport)
      .blocks.filter((block) => declarationLine(block).startsWith('export ') && declaredName(block) !== undefined)
      .map(withoutExport),
  );
  const { head, blocks, tail } = parse(report);
  /** @type {Set<string>} */
  const shared = new Set();
  const kept = blocks.filter((block) => {
    const name = declaredName(block);
    if (name === undefined || declarationLine(block).startsWith('export ') || !rootExported.has(block)) return true;
    shared.add(name);
    return false;
  });
  if (shared.size === 0) return report;
  const imports = [...shared]
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map((name) => `import { ${name} } from '${rootModule}';`)
    .join('\n');
  const note = `// Declared by ${rootModule} and listed in its report; imported here by name.`;
  // The first block is the import list when the report has one (API Extractor's own imports).
  const hasImports = kept[0]?.startsWith('import ') === true;
  const rest = hasImports ? kept.slice(1) : kept;
  const importBlock = hasImports ? `${kept[0]}\n${note}\n${imports}` : `${note}\n${imports}`;
  return `${head}${[importBlock, ...rest].join('\n\n')}${tail}`;
}
