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

/**
 * A run that did what it could but did not cover what it was asked to: accounts not assessed, accounts
 * without Security Hub CSPM, steps that failed on their own, or no account at all. Its output is
 * printed; this one line says what was not done, and the exit code is 3.
 */
export class IncompleteRunError extends Error {
  override readonly name = 'IncompleteRun';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A complete run that found failing controls, with `--fail-on-findings`: exit code 4. */
export class FindingsFoundError extends Error {
  override readonly name = 'FindingsFound';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Exit codes of the orgmfa command (documented in the README and in `orgmfa --help`), the same for the
 * same condition in every command: 0 done; 1 failed (a command that could not run, a workflow that
 * FAILED); 2 bad arguments (nothing run); 3 incomplete (output printed, but not everything was
 * assessed); 4 failing controls found (only with --fail-on-findings, and only when complete).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, incomplete: 3, findings: 4 } as const;

/**
 * The exit codes as people read them: `orgmfa --help` prints this table and the README carries the
 * same one (a test compares them). Each condition has one code in every command.
 */
export const EXIT_CODE_TABLE: readonly (readonly [code: string, meaning: string])[] = [
  ['0', 'done: everything asked was done'],
  [
    '1',
    'failed: the command ran but could not do it (AWS refused, no credentials, a code not accepted, a workflow that FAILED); one line says why and what to do',
  ],
  [
    '2',
    'bad arguments, nothing run: an unknown option or value, a number out of range, a file that cannot be read, a profile neither AWS file has, a --config of another organization',
  ],
  [
    '3',
    'incomplete (audit, guardrail preview, sweeps): the output is printed, but an account was not assessed, had no Security Hub CSPM or had warnings, or there was no account',
  ],
  [
    '4',
    'failing findings (audit --fail-on-findings): complete, and a failing finding is shown; guardrail preview --fail-on-findings: complete, and a user would be blocked',
  ],
  ['other', "orgmfa exec: the command's own exit status (128 + the signal's number when a signal ended it)"],
];

/**
 * The verdict of a run that printed its output: incomplete coverage wins over findings, because a
 * pipeline must not read "no findings" into a run that did not look everywhere.
 */
export function runVerdict(run: {
  readonly incomplete: string | undefined;
  readonly findings: string | undefined;
}): Error | undefined {
  if (run.incomplete !== undefined) return new IncompleteRunError(run.incomplete);
  if (run.findings !== undefined) return new FindingsFoundError(run.findings);
  return undefined;
}
