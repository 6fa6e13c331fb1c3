import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What orgmfa's credential cache under `home` holds: each file's name, mode and content. */
export function cacheEntries(home: string): { name: string; mode: number; text: string }[] {
  const directory = join(home, '.aws', 'orgmfa', 'cache');
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.sort().map((name) => ({
    name,
    mode: statSync(join(directory, name)).mode & 0o777,
    text: readFileSync(join(directory, name), 'utf8'),
  }));
}

/** The cache directory's mode. */
export function cacheDirectoryMode(home: string): number {
  return statSync(join(home, '.aws', 'orgmfa', 'cache')).mode & 0o777;
}
