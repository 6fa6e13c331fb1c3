import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error';

/** Why a file could not be read, in words, for the errors people meet; else Node's code. */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * Whether `prefix` could still begin a JSON text: it parses, or V8 stops at its very end. V8 is the
 * authority on JSON here; this only asks it where it stops.
 */
function couldBeginJson(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    return message === 'Unexpected end of JSON input' || Number(position) >= prefix.length;
  }
}

/**
 * Where JSON.parse fails on `text`, as a 1-based line and column. V8 does not name a position for an
 * unexpected token (it quotes the text instead, which orgmfa must not echo: the file may hold
 * secrets), so the position is found as the end of the longest prefix that could still begin a JSON
 * text (being such a prefix is kept by every shorter prefix, so a binary search finds it).
 */
function failurePosition(text: string): { line: number; column: number } {
  let good = 0;
  let bad = text.length + 1;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (couldBeginJson(text.slice(0, middle))) good = middle;
    else bad = middle;
  }
  const before = text.slice(0, good);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: good - lineStart + 1 };
}

/**
 * Reads and parses a JSON file the user named; any problem is a one-line {@link UsageError} that says
 * what is wrong and where, without quoting the file.
 */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read ${what} ${path}: ${READ_FAILURES[code] ?? code}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw new UsageError(`${what} ${path} is empty, not JSON`, { cause: error });
    const { line, column } = failurePosition(text);
    // No cause: V8's message quotes the file, and a file named by mistake may hold secrets.
    throw new UsageError(`${what} ${path} is not JSON (line ${line} column ${column})`);
  }
}
