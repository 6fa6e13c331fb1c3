import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A directory of fake commands put first on PATH for each test of the file (restored afterwards). */
export interface FakeExecutables {
  readonly directory: string;
  /** Writes an executable shell script `name` with `body`; `$ARGS_FILE` receives its arguments. */
  add(name: string, body: string): void;
  /** The arguments the fake `name` was last called with, one per line as it recorded them. */
  argumentsOf(name: string): string[];
}

/**
 * Fake executables for code sources (ykman, a password manager): shell scripts in a temporary
 * directory placed first on PATH. Each script can record its arguments to `<dir>/<name>.args`.
 */
export function useFakeExecutables(): () => FakeExecutables {
  let current: FakeExecutables | undefined;
  let savedPath: string | undefined;
  beforeEach(() => {
    const directory = mkdtempSync(join(tmpdir(), 'orgmfa-bin-'));
    savedPath = process.env.PATH;
    process.env.PATH = `${directory}${delimiter}${savedPath ?? ''}`;
    current = {
      directory,
      add(name, body) {
        const path = join(directory, name);
        writeFileSync(
          path,
          `#!/bin/sh\nARGS_FILE='${join(directory, `${name}.args`)}'\nprintf '%s\\n' "$@" > "$ARGS_FILE"\n${body}\n`,
        );
        chmodSync(path, 0o755);
      },
      argumentsOf: (name) =>
        readFileSync(join(directory, `${name}.args`), 'utf8')
          .split('\n')
          .slice(0, -1),
    };
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    if (current !== undefined) rmSync(current.directory, { recursive: true, force: true });
  });
  return () => {
    if (current === undefined) throw new Error('useFakeExecutables: only inside a test');
    return current;
  };
}
