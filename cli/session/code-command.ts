import { spawn } from 'node:child_process';
import type { OutputStream } from '../runtime';
import { CommandFailedError } from '../usage-error';

/** How long a code source may take: long enough to unlock a password manager or touch a key. */
export const CODE_COMMAND_TIMEOUT_MS = 120_000;

/** More than any code and its line ending; a source printing more is printing something else. */
const MAX_OUTPUT_BYTES = 4096;

/** A command that prints the current MFA code, and how to name it in a message. */
export interface CodeCommand {
  readonly file: string;
  readonly args: readonly string[];
  /**
   * The command as messages name it: the program and where it comes from (`pass (mfa_process of
   * profile work)`), never its arguments, which may hold a secret (`oathtool --totp -b <seed>`).
   */
  readonly label: string;
}

/**
 * Runs `command` and returns the six-digit code it printed. Standard input is the person's (a password
 * manager may ask to be unlocked), standard error goes to `stderr` (ykman's "Touch your YubiKey"),
 * standard output is read and never shown: a command that fails, times out or prints anything but a
 * code gets a one-line error that names it and says what happened, without its output, which could
 * be a secret (a password manager printing a whole entry).
 */
export function runCodeCommand(
  command: CodeCommand,
  stderr: OutputStream,
  timeoutMs: number = CODE_COMMAND_TIMEOUT_MS,
): Promise<string> {
  const failed = (what: string, cause?: unknown) =>
    new CommandFailedError(`the MFA code source ${command.label} ${what}; nothing was sent to AWS`, {
      cause,
    });
  return new Promise<string>((resolve, reject) => {
    // The environment is named, not inherited implicitly, so that it is the one orgmfa itself reads.
    const child = spawn(command.file, [...command.args], {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: process.env,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      // Not waiting for the pipes to close: a process the command started may hold them open.
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      reject(failed(`did not print a code within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        failed(
          error.code === 'ENOENT'
            ? 'is not installed (not found on PATH)'
            : `could not run (${error.code ?? error.message})`,
          error,
        ),
      );
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (signal !== null) return reject(failed(`was ended by ${signal}`));
      if (status !== 0) {
        // The shell's status for a command it could not find.
        const hint = status === 127 && command.file === '/bin/sh' ? ' (command not found)' : '';
        return reject(failed(`failed with exit code ${status}${hint}`));
      }
      const code = Buffer.concat(chunks).toString('utf8').trim();
      if (size > MAX_OUTPUT_BYTES || !/^\d{6}$/.test(code)) {
        return reject(
          failed('printed something other than a six-digit code (not shown: it may be a secret)'),
        );
      }
      resolve(code);
    });
  });
}
