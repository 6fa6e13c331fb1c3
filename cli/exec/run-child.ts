import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { OutputStream } from '../runtime';

/**
 * Signals orgmfa passes on to the command while it runs. SIGTERM and SIGHUP are usually sent to
 * orgmfa alone (a supervisor, a closed window), so the command would otherwise never hear of them.
 * SIGINT and SIGQUIT come from the terminal (Ctrl-C, Ctrl-\) to the whole foreground process group,
 * the command included: orgmfa only stops them from ending itself first, since passing them on as
 * well would make the command see each of them twice.
 */
const FORWARDED = ['SIGTERM', 'SIGHUP'] as const;
const LEFT_TO_THE_TERMINAL = ['SIGINT', 'SIGQUIT'] as const;

/**
 * Runs `argv` with `env`, on orgmfa's own standard input, output and error (the process's, not the
 * runtime's: the command talks to the person directly), and resolves to the exit status to pass on:
 * the command's own, or 128 + the signal's number when a signal ended it, as shells report it. A
 * command that cannot be started is one line on `stderr` and the shell's status for it (127 not
 * found, 126 not executable).
 */
export function runChild(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: OutputStream,
): Promise<number> {
  const [file, ...args] = argv;
  return new Promise<number>((resolve) => {
    const child = spawn(file!, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const ignore = () => undefined;
    for (const signal of FORWARDED) process.on(signal, forward);
    for (const signal of LEFT_TO_THE_TERMINAL) process.on(signal, ignore);
    const done = (status: number) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      for (const signal of LEFT_TO_THE_TERMINAL) process.off(signal, ignore);
      resolve(status);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      stderr.write(
        `orgmfa: cannot run ${file}: ${notFound ? 'command not found' : `not executable (${error.code ?? error.message})`}\n`,
      );
      done(notFound ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      done(signal === null ? (code ?? 0) : 128 + (constants.signals[signal] ?? 0));
    });
  });
}
