import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile } from '../../cli/read-json';
import { UsageError } from '../../cli/usage-error';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orgmfa-read-json-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error readJsonFile throws for `text` in a file (or for `path` itself when text is undefined). */
function refusal(text: string | undefined, name = 'file.json'): Error {
  const path = join(dir, name);
  if (text !== undefined) writeFileSync(path, text);
  try {
    readJsonFile(path, 'event');
  } catch (error) {
    return error as Error;
  }
  throw new Error('readJsonFile accepted it');
}

describe('readJsonFile', () => {
  test('parses a JSON file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '{ "detail": [1, "two"] }\n');

    expect(readJsonFile(path, 'event')).toEqual({ detail: [1, 'two'] });
  });

  test.each([
    ['a file that does not exist', undefined, 'no such file'],
    ['a folder', 'folder', 'it is a folder, not a file'],
  ])('%s: one line naming it and why', (_label, make, why) => {
    if (make !== undefined) mkdirSync(join(dir, 'file.json'));

    const error = refusal(undefined);

    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot read event ${join(dir, 'file.json')}: ${why}`);
  });

  test.each([
    // V8 names no position for an unexpected token: orgmfa finds it
    ['# orgmfa\n\nA README, not an event', 1, 1],
    ['{\n  "detail": x\n}', 2, 13],
    // V8 names a position
    ['{\n  "a": 1,\n}', 3, 1],
    ['{}\nsecret-looking text', 2, 1],
    // the file ends early
    ['{\n  "a": [1,', 2, 11],
    ['{ "a": "unterminated', 1, 21],
  ])('%j is refused in one line with where, and none of its content', (text, line, column) => {
    const error = refusal(text);

    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`event ${join(dir, 'file.json')} is not JSON (line ${line} column ${column})`);
  });

  test('an empty file says so', () => {
    expect(refusal('').message).toBe(`event ${join(dir, 'file.json')} is empty, not JSON`);
    expect(refusal(' \n').message).toBe(`event ${join(dir, 'file.json')} is empty, not JSON`);
  });
});
