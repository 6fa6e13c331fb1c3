import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * orgmfa's own package.json, found by walking up from this file: it is one folder up in the
 * repository (cli/) and two in the published package (dist/cli/).
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'orgmfa' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: keep walking up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
