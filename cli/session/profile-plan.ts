import type { AwsCredentialIdentity } from '@aws-sdk/types';
import {
  credentialsProfile,
  profileSettings,
  unknownProfile,
  type SharedFiles,
} from '../aws-files/shared-files';
import { UsageError } from '../usage-error';
import { durationSeconds } from './duration';
import { AWS_MFA_LONG_TERM_SUFFIX, holdsLongTermKeys, SOURCE_PROFILE_KEY } from './session-profile';

/**
 * AssumeRole's DurationSeconds for a role profile: the AWS CLI's default (`duration_seconds` absent),
 * and the most STS grants when the caller signs with temporary credentials, as orgmfa always does
 * (the MFA session): STS treats that as role chaining, limited to one hour.
 */
export const ROLE_SECONDS = { min: 900, default: 3600, max: 3600 } as const;

const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/[\x21-\x7E]+$/;

/** One role to assume, as a role profile describes it. */
export interface RoleHop {
  /** The role profile. */
  readonly profile: string;
  readonly roleArn: string;
  /** `role_session_name`; absent: orgmfa names the session. */
  readonly sessionName: string | undefined;
  /** `external_id`. */
  readonly externalId: string | undefined;
  /** `duration_seconds`, default 3600. */
  readonly durationSeconds: number;
}

/** What orgmfa does to get credentials for a profile. */
export interface CredentialPlan {
  /** The profile asked for. */
  readonly profile: string;
  /** The profile with the IAM user's long-term keys, whose MFA session everything starts from. */
  readonly keysProfile: string;
  readonly keys: AwsCredentialIdentity;
  /** Roles to assume from the MFA session, in order (each from the previous); none for a user profile. */
  readonly roles: readonly RoleHop[];
  /** The MFA device named along the chain: `mfa_serial` (the asked profile first), else aws-mfa's `aws_mfa_device`. */
  readonly serial: string | undefined;
  /** `mfa_process` along the chain, the asked profile first: a command that prints the current code. */
  readonly mfaProcess: { readonly command: string; readonly profile: string } | undefined;
  /** The asked profile's `region` (for a profile with keys, else the keys profile's). */
  readonly region: string | undefined;
}

/**
 * The IAM user's long-term keys in `profile` (credentials file first, then config file), or a usage
 * error saying why the profile cannot start an MFA session. `role` names the profile that led here.
 */
function longTermKeys(files: SharedFiles, profile: string, role?: string): AwsCredentialIdentity {
  const settings = profileSettings(files, profile);
  const via = role === undefined ? '' : `, the source_profile of ${role},`;
  if (settings === undefined) throw unknownProfile(files, profile, via);
  const source = credentialsProfile(files, profile)?.has('aws_access_key_id')
    ? credentialsProfile(files, profile)!
    : settings;
  if (!source.has('aws_access_key_id')) {
    throw new UsageError(
      `profile ${profile}${via} has no access keys: orgmfa needs an IAM user's long-term keys (SSO and credential_process profiles do MFA at their own login)`,
    );
  }
  const madeFrom = source.get(SOURCE_PROFILE_KEY);
  if (madeFrom !== undefined) {
    throw new UsageError(
      `profile ${profile} holds the MFA session orgmfa wrote for profile ${madeFrom}: use --profile ${madeFrom} (\`orgmfa session --profile ${madeFrom}\` renews it)`,
    );
  }
  if (source.has('aws_session_token') || source.has('aws_security_token')) {
    throw new UsageError(
      `profile ${profile}${via} holds temporary credentials (aws_session_token): GetSessionToken needs the IAM user's long-term keys`,
    );
  }
  const secretAccessKey = source.get('aws_secret_access_key');
  if (!secretAccessKey) {
    throw new UsageError(`profile ${profile} has aws_access_key_id but no aws_secret_access_key`);
  }
  return { accessKeyId: source.get('aws_access_key_id')!, secretAccessKey };
}

/** `duration_seconds` of a role profile, within what STS grants to a role assumed from a session. */
function roleDuration(profile: string, text: string | undefined): number {
  if (text === undefined) return ROLE_SECONDS.default;
  const seconds = durationSeconds(text);
  if (seconds !== undefined && seconds > ROLE_SECONDS.max && seconds <= 43_200) {
    throw new UsageError(
      `duration_seconds ${text} in profile ${profile}: a role assumed with an MFA session is role chaining for STS, which grants at most ${ROLE_SECONDS.max} seconds; orgmfa renews the role's credentials from the MFA session without a new code, so leave it at ${ROLE_SECONDS.max} or less`,
    );
  }
  if (seconds === undefined || seconds < ROLE_SECONDS.min || seconds > ROLE_SECONDS.max) {
    throw new UsageError(
      `duration_seconds ${JSON.stringify(text)} in profile ${profile} must be whole seconds from ${ROLE_SECONDS.min} to ${ROLE_SECONDS.max}`,
    );
  }
  return seconds;
}

function roleHop(profile: string, settings: ReadonlyMap<string, string>): RoleHop {
  const roleArn = settings.get('role_arn')!;
  if (!ROLE_ARN.test(roleArn)) {
    throw new UsageError(`role_arn ${JSON.stringify(roleArn)} in profile ${profile} is not an IAM role ARN`);
  }
  return {
    profile,
    roleArn,
    sessionName: settings.get('role_session_name') || undefined,
    externalId: settings.get('external_id') || undefined,
    durationSeconds: roleDuration(profile, settings.get('duration_seconds')),
  };
}

/** The first value of `key` along the profiles, with the profile that holds it. */
function firstAlong(
  files: SharedFiles,
  profiles: readonly string[],
  key: string,
): { value: string; profile: string } | undefined {
  for (const profile of profiles) {
    const value = profileSettings(files, profile)?.get(key);
    if (value) return { value, profile };
  }
  return undefined;
}

/**
 * Resolves `profile` the way the AWS CLI does (Using an IAM role in the AWS CLI,
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html; botocore's
 * AssumeRoleProvider):
 * - a profile with `role_arn` is a role profile, even when it also has keys; its `source_profile`
 *   gives the credentials to assume the role with; a `source_profile` naming the profile itself means
 *   its own keys; `credential_source` (instance or container credentials) is not supported here;
 * - a source profile with keys provides them (its own `role_arn` is then ignored), one with
 *   `role_arn` and no keys is assumed in turn (chained `source_profile`s, each hop assumed with the
 *   previous hop's credentials); a loop is an error;
 * - `role_session_name`, `external_id` and `duration_seconds` (default 3600) belong to each role
 *   profile.
 * orgmfa then differs in one documented way, as aws-vault does: the MFA code goes to GetSessionToken
 * with the long-term keys at the end of the chain, and the first role is assumed with that MFA session
 * (whose MFA a trust policy's `aws:MultiFactorAuthPresent` sees), so one code serves every role
 * profile that starts from those keys. `mfa_serial` and `mfa_process` may therefore sit on the role
 * profile or on any profile down the chain; the asked profile's wins.
 * A profile without keys whose `[P-long-term]` section has them is aws-mfa's layout.
 */
export function resolvePlan(files: SharedFiles, profile: string): CredentialPlan {
  const visited: string[] = [];
  const hops: RoleHop[] = [];
  let current = profile;
  let keysProfile: string | undefined;
  for (;;) {
    if (visited.includes(current)) {
      throw new UsageError(`source_profile loop: ${[...visited, current].join(' → ')}`);
    }
    visited.push(current);
    const settings = profileSettings(files, current);
    const isSource = current !== profile;
    const hasKeys = settings?.has('aws_access_key_id') === true;
    if (settings !== undefined && settings.has('role_arn') && !(isSource && hasKeys)) {
      hops.unshift(roleHop(current, settings));
      const source = settings.get('source_profile');
      if (!source) {
        throw new UsageError(
          settings.has('credential_source')
            ? `profile ${current} takes its credentials from credential_source, which orgmfa does not support: it needs a source_profile chain that ends at an IAM user's long-term keys`
            : `profile ${current} has role_arn but no source_profile`,
        );
      }
      if (source === current) {
        keysProfile = current;
        break;
      }
      current = source;
      continue;
    }
    const longTerm = `${current}${AWS_MFA_LONG_TERM_SUFFIX}`;
    // aws-mfa's layout: [P] has no long-term keys (none yet, or aws-mfa's session), [P-long-term] has them.
    if (!isSource && !holdsLongTermKeys(settings) && holdsLongTermKeys(credentialsProfile(files, longTerm))) {
      keysProfile = longTerm;
      visited.push(longTerm);
    } else {
      keysProfile = current;
    }
    break;
  }
  // The role profile whose source_profile holds the keys, for messages about them.
  const keys = longTermKeys(
    files,
    keysProfile,
    keysProfile === hops[0]?.profile ? undefined : hops[0]?.profile,
  );
  const serial =
    firstAlong(files, visited, 'mfa_serial')?.value ??
    firstAlong(files, [keysProfile], 'aws_mfa_device')?.value;
  const mfaProcess = firstAlong(files, visited, 'mfa_process');
  const region =
    profileSettings(files, profile)?.get('region') ||
    (hops.length === 0 ? profileSettings(files, keysProfile)?.get('region') : undefined) ||
    undefined;
  return {
    profile,
    keysProfile,
    keys,
    roles: hops,
    serial,
    mfaProcess:
      mfaProcess === undefined ? undefined : { command: mfaProcess.value, profile: mfaProcess.profile },
    region,
  };
}
