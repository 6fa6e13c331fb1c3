import { spawn } from 'node:child_process';
import { ORGMFA_COMMAND } from './cli-harness';

/** A step of a terminal conversation: once the screen shows `expect`, type `type`. */
export interface TerminalStep {
  readonly expect: string;
  readonly type: string;
}

/** What the terminal showed (escape sequences removed, CRLF as LF) and the exit code. */
export interface TerminalRun {
  readonly code: number | null;
  readonly screen: string;
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Text as a terminal shows it: escape sequences removed, CRLF as LF. */
export function plainText(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
}

/**
 * Runs the real `orgmfa` binary on a pseudo-terminal (util-linux `script`, so standard input, output
 * and error are all terminals), answering its prompts as a person would, and waits for it to end. It
 * runs in another process and asynchronously, so a {@link FakeAwsEndpoint} in this process can answer
 * its AWS calls.
 */
export function runOnTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  steps: readonly TerminalStep[],
  timeoutMs = 30_000,
): Promise<TerminalRun> {
  return runCommandOnTerminal([...ORGMFA_COMMAND, ...args], env, steps, timeoutMs);
}

/** The command line that runs `orgmfa args…`, quoted for a shell (a profile's credential_process). */
export function orgmfaCommandLine(args: readonly string[]): string {
  return [...ORGMFA_COMMAND, ...args].map(quote).join(' ');
}

/**
 * Runs `argv` on a pseudo-terminal, which becomes its controlling terminal (`/dev/tty`), as
 * {@link runOnTerminal} does for orgmfa: for a program (the AWS SDK) that runs orgmfa itself.
 */
export function runCommandOnTerminal(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  steps: readonly TerminalStep[],
  timeoutMs = 30_000,
): Promise<TerminalRun> {
  const command = argv.map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { ...env, SHELL: '/bin/sh', TERM: 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a run that hangs can be ended with everything it started.
    detached: true,
  });
  let screen = '';
  let next = 0;
  let searchFrom = 0;
  const advance = () => {
    while (next < steps.length) {
      const at = plainText(screen).indexOf(steps[next]!.expect, searchFrom);
      if (at < 0) return;
      searchFrom = at + steps[next]!.expect.length;
      child.stdin.write(steps[next]!.type);
      next++;
    }
  };
  child.stdout.on('data', (chunk) => {
    screen += String(chunk);
    advance();
  });
  child.stderr.on('data', (chunk) => (screen += String(chunk)));
  return new Promise<TerminalRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(
        new Error(
          `the terminal run did not end within ${timeoutMs} ms; the screen showed:\n${plainText(screen)}`,
        ),
      );
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.end();
      resolve({ code, screen: plainText(screen) });
    });
  });
}
