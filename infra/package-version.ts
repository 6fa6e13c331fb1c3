import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** orgmfa's version from the repository's package.json: the deployed functions name it (OCSF findings). */
export function orgmfaVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
