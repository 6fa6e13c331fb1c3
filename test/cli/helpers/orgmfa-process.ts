import { spawn, type ChildProcess } from 'node:child_process';
import { ORGMFA_COMMAND } from './cli-harness';

/** How a run of the real orgmfa binary ended, and what it printed. */
export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `orgmfa` binary in another process (its own standard streams as pipes, no terminal),
 * asynchronously, so that a fake AWS endpoint in this process can answer it. `started` sees the
 * process and each chunk of its standard output as it comes (to send it a signal at the right time).
 */
export function runOrgmfaProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  started?: (child: ChildProcess, stdoutSoFar: () => string) => void,
): Promise<ProcessRun> {
  const [node, ...command] = ORGMFA_COMMAND;
  const child = spawn(node!, [...command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  started?.(child, () => stdout);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
