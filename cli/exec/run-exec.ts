import { resolveRegion } from '../aws-sdk';
import { isInteractive, type CliRuntime } from '../runtime';
import type { CodeOptions } from '../session/mfa-code';
import { noCodeError } from '../session/run-session';
import { obtainCredentials, prepareCredentialCommand } from '../session/temporary-credentials';
import { UsageError } from '../usage-error';
import { childEnvironment, EXEC_MARKER } from './child-environment';
import { runChild } from './run-child';

export interface ExecOptions extends Omit<CodeOptions, 'codeStdin'> {
  readonly profile?: string;
  readonly duration?: string;
  readonly serial?: string;
  readonly region?: string;
}

/**
 * `orgmfa exec`: runs `command` with temporary credentials of the profile in its environment (see
 * {@link childEnvironment}) and returns its exit status. The credentials come as for
 * `credential-process` (cached role credentials, the MFA session, or a new one with a code asked on
 * the terminal); a new MFA session goes to orgmfa's cache, never to the credentials file, which exec
 * does not write. Inside another `orgmfa exec` it refuses to run: the inner command would get the
 * outer credentials mixed with a second profile's, and the person would lose track of which is which.
 */
export async function runExec(
  options: ExecOptions,
  command: readonly string[],
  runtime: CliRuntime,
): Promise<number> {
  const outer = process.env[EXEC_MARKER];
  if (outer !== undefined) {
    throw new UsageError(
      `already inside \`orgmfa exec\` for profile ${outer} (${EXEC_MARKER} is set): run the command there directly, or leave that shell first`,
    );
  }
  const { profile, files, plan, request } = prepareCredentialCommand(options);
  const { credentials } = await obtainCredentials(
    files,
    plan,
    request,
    runtime,
    () => (isInteractive(runtime) ? runtime : undefined),
    () => noCodeError('orgmfa exec'),
  );
  const region = resolveRegion(options.region, files, undefined) ?? plan.region;
  return runChild(command, childEnvironment(process.env, profile, credentials, region), runtime.stderr);
}
