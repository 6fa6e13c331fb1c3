/**
 * A problem with what the user asked for (bad arguments, an unreadable or invalid file): printed as
 * one line, exit code 2, and nothing is done.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An expected failure of a command that ran (a wrong MFA code, no cached session, an account outside
 * the organization): printed as one line that says what to do, exit code 1. Unlike an unexpected
 * error it needs no stack trace, so the line does not suggest --debug.
 */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Ends a command with a given exit code and nothing printed: `orgmfa exec` passes on the exit status
 * of the command it ran (a command killed by a signal: 128 + the signal's number, as shells report it).
 */
export class ExitStatus extends Error {
  override readonly name = 'ExitStatus';
  constructor(readonly exitCode: number) {
    super(`exit status ${exitCode}`);
  }
}

/** Exit codes of the orgmfa command (documented in the README and in `orgmfa --help`). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
