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

/** Exit codes of the orgmfa command (documented in the README). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
