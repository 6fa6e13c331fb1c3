import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * One home per concern, as an import graph: cli → functions (core, aws) ← infra, with local beside
 * them. The graph is read from the sources (static imports, `import type`, side-effect imports, lazy `require`s), so a
 * forbidden dependency fails here before it becomes a habit.
 */

const ROOT = resolve(__dirname, '..', '..');
const IMPORT = /(?:from\s+|require\(|import\(|import\s+)'(\.{1,2}\/[^']+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of the tree, as [importer, imported], both relative to the repository. */
const edges: [string, string][] = ['cli', 'functions', 'infra', 'local'].flatMap((top) =>
  sources(join(ROOT, top)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(
      ([, specifier]) =>
        [relative(ROOT, file), relative(ROOT, resolve(dirname(file), specifier!))] as [string, string],
    ),
  ),
);

const LAMBDA_FOLDER = /^functions\/(?!core\/|aws\/)([^/]+)\//;
/** The modules of the `orgmfa local` commands, the only CLI code that runs the local runtime. */
const LOCAL_COMMANDS = /^cli\/(local-backend|local-config|commands\/local-[\w-]+)\.ts$/;

const rules: [string, (from: string, to: string) => boolean][] = [
  [
    'functions import nothing from cli/, infra/ or local/',
    (from, to) => from.startsWith('functions/') && /^(cli|infra|local)\//.test(to),
  ],
  [
    "a Lambda's folder imports no other Lambda's folder (shared code lives in functions/core or functions/aws)",
    (from, to) => {
      const own = LAMBDA_FOLDER.exec(from)?.[1];
      const other = LAMBDA_FOLDER.exec(`${to}/`)?.[1] ?? LAMBDA_FOLDER.exec(to)?.[1];
      return own !== undefined && other !== undefined && other !== own;
    },
  ],
  [
    'the pure core imports nothing from functions/aws',
    (from, to) => from.startsWith('functions/core/') && to.startsWith('functions/aws'),
  ],
  ['the CLI imports nothing from infra/', (from, to) => from.startsWith('cli/') && to.startsWith('infra')],
  [
    "the CLI imports no Lambda's own folder (only functions/core and functions/aws)",
    (from, to) => from.startsWith('cli/') && (LAMBDA_FOLDER.test(to) || LAMBDA_FOLDER.test(`${to}/`)),
  ],
  [
    'only the local commands import local/',
    (from, to) => from.startsWith('cli/') && to.startsWith('local/') && !LOCAL_COMMANDS.test(from),
  ],
  [
    'infra imports nothing from cli/ or local/',
    (from, to) => from.startsWith('infra/') && /^(cli|local)\//.test(to),
  ],
  [
    'local imports nothing from cli/ or infra/',
    (from, to) => from.startsWith('local/') && /^(cli|infra)\//.test(to),
  ],
];

test('the import graph has edges to check', () => {
  expect(edges.length).toBeGreaterThan(100);
});

test.each(rules)('%s', (_rule, forbidden) => {
  expect(edges.filter(([from, to]) => forbidden(from, to))).toEqual([]);
});
