/**
 * Builds the published `orgmfa` package into dist/: compiled, bundled JavaScript that needs nothing
 * but Node (no TypeScript loader, no node_modules). Why a bundle: the AWS SDK clients ship three builds
 * each (CommonJS, ES modules, types), so installing the CLI's dependencies as packages takes about
 * 80 MB; esbuild keeps only the code the CLI runs.
 *
 * The command tree (dist/cli/bin/orgmfa.js) stays small so that `orgmfa --help` starts fast: every
 * module a command loads lazily with `require('<relative path>')` (see cli/main.ts) becomes a bundle of
 * its own, loaded only when that command runs, so `orgmfa session` loads the STS and IAM clients and
 * nothing else. The ASL files are copied beside the bundles for the local commands.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
const ENTRY = join(ROOT, 'cli', 'bin', 'orgmfa.ts');
/**
 * Modules that must exist once at run time: cli/main.ts tells a run's outcome by `instanceof` on the
 * errors they define, and an error thrown by a command's bundle must be of the class main.ts holds, not
 * of a copy bundled into that command. Each becomes a bundle of its own that every other bundle requires.
 */
const SHARED = [join(ROOT, 'cli', 'usage-error.ts')];
/** A lazy load: `require('./…')` or `require('../…')` in a function body (cli/main.ts explains why). */
const LAZY_REQUIRE = /require\('(\.{1,2}\/[^']+)'\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The source files that are loaded lazily, each becoming a bundle of its own. */
function lazyModules(): Set<string> {
  const modules = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'cli'))) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(LAZY_REQUIRE)) {
      modules.add(`${resolve(dirname(file), specifier!)}.ts`);
    }
  }
  return modules;
}

/** Where a source file's bundle goes: the same place under dist/, as JavaScript. */
function outfileOf(source: string): string {
  return join(DIST, relative(ROOT, source)).replace(/\.ts$/, '.js');
}

/**
 * Keeps the other lazily loaded modules, and the shared ones however they are imported, out of a
 * bundle: they stay `require`s of their own bundles.
 */
function splitAt(lazy: ReadonlySet<string>, shared: ReadonlySet<string>, outfile: string): Plugin {
  return {
    name: 'orgmfa-lazy-modules',
    setup(builder) {
      builder.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        const target = `${resolve(args.resolveDir, args.path)}.ts`;
        const ownBundle = shared.has(target) || (lazy.has(target) && args.kind === 'require-call');
        if (!ownBundle) return undefined;
        const path = relative(dirname(outfile), outfileOf(target));
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  const lazy = lazyModules();
  const shared = new Set(SHARED);
  const sizes: [string, number][] = [];
  for (const entry of [ENTRY, ...new Set([...lazy, ...shared])]) {
    const outfile = outfileOf(entry);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      // Stack traces and error messages stay readable: no minification, names kept.
      minify: false,
      keepNames: true,
      legalComments: 'linked',
      logLevel: 'warning',
      plugins: [splitAt(lazy, shared, outfile)],
    });
    sizes.push([relative(ROOT, outfile), statSync(outfile).size]);
  }
  mkdirSync(join(DIST, 'statemachines'), { recursive: true });
  cpSync(join(ROOT, 'statemachines'), join(DIST, 'statemachines'), { recursive: true });
  writeFileSync(join(DIST, 'bundles.json'), `${JSON.stringify(Object.fromEntries(sizes), null, 2)}\n`);
  for (const [file, bytes] of sizes) process.stdout.write(`${file}  ${(bytes / 1024).toFixed(0)} KiB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
