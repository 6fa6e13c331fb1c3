import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { isAccessDenied } from '../../functions/aws/aws-errors';
import type { SharedFiles } from '../aws-files/shared-files';
import { credentialsFailure, decorated, sdkConfig } from '../aws-sdk';
import type { CliRuntime } from '../runtime';
import { CommandFailedError } from '../usage-error';
import { readCache, writeCache, type CacheKey } from './credential-cache';
import { callRegion } from './mfa-session';
import type { CredentialPlan, RoleHop } from './profile-plan';
import { completeCredentials, type SessionCredentials } from './session-profile';

/**
 * The cache entry of the `index`-th role of `plan`: its settings and everything below it (the roles
 * it is assumed from, the keys' profile and access key), so a changed profile never gets credentials
 * cached for what it said before.
 */
export function roleCacheKey(plan: CredentialPlan, index: number): CacheKey {
  const chain = plan.roles.slice(0, index + 1);
  return {
    kind: 'role',
    profile: chain[index]!.profile,
    fingerprint: JSON.stringify({ keys: [plan.keysProfile, plan.keys.accessKeyId], chain }),
  };
}

/** Cached role credentials to start from: the last role of the chain that has valid ones. */
export function cachedRoleCredentials(
  plan: CredentialPlan,
  now: Date,
): { readonly credentials: SessionCredentials; readonly next: number } | undefined {
  for (let index = plan.roles.length - 1; index >= 0; index--) {
    const credentials = readCache(roleCacheKey(plan, index), now);
    if (credentials !== undefined) return { credentials, next: index + 1 };
  }
  return undefined;
}

async function assumeRole(
  sts: STSClient,
  hop: RoleHop,
  sessionName: string,
  signer: string,
): Promise<SessionCredentials> {
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: hop.roleArn,
        RoleSessionName: hop.sessionName ?? sessionName,
        DurationSeconds: hop.durationSeconds,
        ...(hop.externalId === undefined ? {} : { ExternalId: hop.externalId }),
      }),
    );
    return completeCredentials(Credentials, `AssumeRole of ${hop.roleArn}`);
  } catch (error) {
    if (error instanceof CommandFailedError) throw error;
    const refused = credentialsFailure(error, signer);
    if (refused !== undefined) throw refused;
    if (isAccessDenied(error) || (error as Error).name === 'ValidationError') {
      throw new CommandFailedError(
        `AssumeRole of ${hop.roleArn} (profile ${hop.profile}) refused: ${(error as Error).message}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Assumes `plan`'s roles from the `next`-th on, each with the previous credentials (the first with
 * `from`, the MFA session or cached role credentials), caching each role's credentials. A role
 * profile without `role_session_name` gets `orgmfa-<unix time>`, like the AWS CLI's
 * `botocore-session-<unix time>`.
 */
export async function assumeRoles(
  files: SharedFiles,
  plan: CredentialPlan,
  from: SessionCredentials,
  next: number,
  runtime: CliRuntime,
): Promise<SessionCredentials> {
  let credentials = from;
  const sessionName = `orgmfa-${Math.floor(runtime.now().getTime() / 1000)}`;
  for (let index = next; index < plan.roles.length; index++) {
    const hop = plan.roles[index]!;
    const signer =
      index === 0
        ? `the MFA session of profile ${plan.keysProfile}`
        : `the credentials of profile ${plan.roles[index - 1]!.profile}`;
    const sts = decorated(
      runtime,
      new STSClient(sdkConfig({ region: callRegion(files, plan), credentials })),
    );
    credentials = await assumeRole(sts, hop, sessionName, signer);
    writeCache(roleCacheKey(plan, index), credentials);
  }
  return credentials;
}
