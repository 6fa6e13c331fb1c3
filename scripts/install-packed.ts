import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The published package, installed for a test or a benchmark. */
export interface InstalledPackage {
  /** The installed package's folder (`<prefix>/lib/node_modules/orgmfa`). */
  readonly dir: string;
  /** A PATH with the installed `orgmfa` and this Node, and nothing of the repository. */
  readonly path: string;
  /** Bytes on disk of the installed package, its dependencies included. */
  readonly bytes: number;
}

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '' },
  });
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (total, entry) =>
      total + (entry.isDirectory() ? sizeOf(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
}

/**
 * Packs the repository as npm would publish it (`npm pack`, which builds dist/ first) and installs the
 * tarball with `npm install --global` into an empty prefix under `work`, as an IAM user installs it.
 */
export function installPackedCli(work: string): InstalledPackage {
  const prefix = join(work, 'prefix');
  mkdirSync(prefix, { recursive: true });
  const tarball = npm(['pack', '--pack-destination', work], ROOT).trim().split('\n').at(-1)!;
  npm(['install', '--global', '--prefix', prefix, join(work, tarball)], work);
  const dir = join(prefix, 'lib', 'node_modules', 'orgmfa');
  return {
    dir,
    path: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
    bytes: sizeOf(dir),
  };
}
