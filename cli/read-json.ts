import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error';

/** Reads and parses a JSON file the user named; any problem is a one-line {@link UsageError}. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read ${what} ${path}: ${code}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
