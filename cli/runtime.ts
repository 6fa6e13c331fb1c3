import type { SdkClient } from '../functions/aws/clients';
import { openControllingTerminal, type ControllingTerminal } from './prompt';

/** A readable stream that may be a terminal. */
export type InputStream = NodeJS.ReadableStream & { readonly isTTY?: boolean };
/** A writable stream that may be a terminal. */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * What the commands use from the world outside their arguments. `orgmfa` runs with the process's own;
 * tests replace parts (standard input, the clock, where SDK clients send their calls). The
 * environment is always `process.env`, because the AWS SDK reads it too (AWS_ENDPOINT_URL,
 * AWS_SHARED_CREDENTIALS_FILE, …) and both must agree.
 */
export interface CliRuntime {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly now: () => Date;
  /** Waits (while IAM builds a credential report, between polls); tests and benchmarks may not. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Called on every AWS SDK client a command creates, before its first call. Tests attach the
   * simulated organization here; in normal use it is absent and clients talk to AWS (or to whatever
   * `AWS_ENDPOINT_URL` names).
   */
  readonly decorateClient?: (client: SdkClient) => void;
  /**
   * Opens the person's terminal when the standard streams are not it (`credential-process` runs under
   * the SDKs with pipes); undefined when there is none. Absent: there never is one.
   */
  readonly openTerminal?: () => ControllingTerminal | undefined;
}

/** The process's own streams, clock and controlling terminal. */
export function processRuntime(): CliRuntime {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    openTerminal: openControllingTerminal,
  };
}

/** Prompts are shown only when a person can answer them: standard input and error are terminals. */
export function isInteractive(runtime: CliRuntime): boolean {
  return runtime.stdin.isTTY === true && runtime.stderr.isTTY === true;
}
