import type { SessionCredentials } from '../session/session-profile';

/** Set in the environment of a command `orgmfa exec` runs, to the profile; `exec` refuses to run inside one. */
export const EXEC_MARKER = 'ORGMFA_EXEC';

/**
 * Variables that would make the command use other credentials than the ones `exec` gives it: with
 * `AWS_PROFILE` set, the AWS SDK for JavaScript skips the environment's keys and reads the profile
 * (which may hold long-term keys); `AWS_SECURITY_TOKEN` is boto2's name for a session token and would
 * pair a stale token with the new keys. aws-vault clears the same ones.
 */
const CLEARED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SECURITY_TOKEN',
  'AWS_SESSION_EXPIRATION',
  'AWS_CREDENTIAL_FILE',
  'AWS_SDK_LOAD_CONFIG',
] as const;

/**
 * The environment of the command `orgmfa exec` runs: the parent's, with the temporary credentials in
 * the standard variables every AWS SDK and the AWS CLI read first (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, and `AWS_CREDENTIAL_EXPIRATION`, which the SDKs use to
 * know when they run out), the region in `AWS_REGION` and `AWS_DEFAULT_REGION` when known, and
 * {@link EXEC_MARKER}. Keys the parent had in those variables are replaced: long-term keys never
 * reach the command through its environment.
 */
export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  profile: string,
  credentials: SessionCredentials,
  region: string | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of CLEARED) delete env[name];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: credentials.expiration.toISOString(),
    ...(region === undefined ? {} : { AWS_REGION: region, AWS_DEFAULT_REGION: region }),
    [EXEC_MARKER]: profile,
  };
}
