import { isWritableSectionName, sectionsNamed, upsertSection } from '../aws-files/ini';
import {
  credentialsProfile,
  readSharedFiles,
  writeFileAtomic,
  type SharedFiles,
} from '../aws-files/shared-files';
import { isInteractive, type CliRuntime } from '../runtime';
import { UsageError } from '../usage-error';
import { readAwsMfaProfile } from './aws-mfa-config';
import { cacheDirectory } from './credential-cache';
import type { CodeOptions } from './mfa-code';
import { findMfaSession, newMfaSession } from './mfa-session';
import { holdsLongTermKeys, sessionUpdate, targetProfileName } from './session-profile';
import { obtainCredentials, prepareCredentialCommand, type PreparedCommand } from './temporary-credentials';

export interface SessionOptions extends CodeOptions {
  readonly profile?: string;
  readonly duration?: string;
  readonly serial?: string;
  readonly targetProfile?: string;
  readonly force?: boolean;
  readonly output: 'text' | 'json';
}

/** What `orgmfa session` did for a profile with long-term keys, as `--output json` prints it. */
export interface UserSessionReport {
  readonly profile: string;
  readonly sourceProfile: string;
  readonly credentialsFile: string;
  readonly expiration: string;
  /** True when a cached session was still valid and no code was asked for. */
  readonly reused: boolean;
}

/** What `orgmfa session` did for a role profile, as `--output json` prints it. */
export interface RoleSessionReport {
  /** The role profile. */
  readonly profile: string;
  readonly roleArn: string;
  /** The profile with the long-term keys whose MFA session the role was assumed from. */
  readonly sourceProfile: string;
  /** When the role's credentials expire. */
  readonly expiration: string;
  /** True when cached role credentials were still valid: no AWS call. */
  readonly reused: boolean;
  /** The MFA session used, when one was needed (new, or reused without a code). */
  readonly mfaSession?: { readonly expiration: string; readonly reused: boolean };
  /** Where orgmfa keeps role credentials and MFA sessions it made for role profiles. */
  readonly cacheDirectory: string;
}

export type SessionReport = UserSessionReport | RoleSessionReport;

/** The error when no code source applies and no one can be asked. */
export function noCodeError(command: string): UsageError {
  return new UsageError(
    `no MFA code: pass --code 123456, --code-stdin or --code-from ykman, set mfa_process in the profile, or run ${command} on a terminal to be asked`,
  );
}

/** Refuses targets orgmfa must not write: long-term keys, the source itself, a repeated section. */
function checkTarget(files: SharedFiles, profile: string, target: string): void {
  if (!isWritableSectionName(target)) {
    throw new UsageError(`--target-profile ${JSON.stringify(target)} is not a profile name orgmfa can write`);
  }
  if (target === profile) {
    throw new UsageError(`--target-profile must differ from ${profile}, the profile with the long-term keys`);
  }
  if (holdsLongTermKeys(credentialsProfile(files, target))) {
    throw new UsageError(
      `profile ${target} in ${files.paths.credentials} holds long-term access keys (no aws_session_token); orgmfa will not overwrite them: choose another --target-profile`,
    );
  }
  const copies = sectionsNamed(files.credentials, target).length;
  if (copies > 1) {
    throw new UsageError(
      `profile ${target} appears ${copies} times in ${files.paths.credentials}; merge the copies by hand first`,
    );
  }
}

/**
 * A role profile: the MFA session of its keys (reused, or new with a code) and the role credentials
 * (reused while valid, else assumed again from the MFA session without a code), cached by orgmfa.
 * The shared credentials file is not touched.
 */
async function roleSession(
  prepared: PreparedCommand,
  options: SessionOptions,
  runtime: CliRuntime,
): Promise<RoleSessionReport> {
  const { files, plan, request } = prepared;
  if (options.targetProfile !== undefined) {
    throw new UsageError(
      `--target-profile: profile ${plan.profile} assumes a role; its credentials stay in orgmfa's cache (use orgmfa exec or orgmfa credential-process), not in the credentials file`,
    );
  }
  const obtained = await obtainCredentials(
    files,
    plan,
    request,
    runtime,
    () => (isInteractive(runtime) ? runtime : undefined),
    () => noCodeError('orgmfa session'),
  );
  const { mfaSession } = obtained;
  return {
    profile: plan.profile,
    roleArn: plan.roles.at(-1)!.roleArn,
    sourceProfile: plan.keysProfile,
    expiration: obtained.credentials.expiration.toISOString(),
    reused: obtained.reused,
    ...(mfaSession === undefined
      ? {}
      : { mfaSession: { expiration: mfaSession.expiration.toISOString(), reused: mfaSession.reused } }),
    cacheDirectory: cacheDirectory(),
  };
}

/**
 * `orgmfa session`: for a profile with long-term keys, GetSessionToken with MFA, written to the target
 * profile of the shared credentials file (nothing else in the file changes), unless a session of that
 * profile with more than five minutes left is at hand; for a role profile, the role's credentials
 * from the MFA session of its keys (see {@link roleSession}).
 */
export async function runSession(options: SessionOptions, runtime: CliRuntime): Promise<SessionReport> {
  const prepared = prepareCredentialCommand(options);
  const { files, plan } = prepared;
  if (plan.roles.length > 0) return roleSession(prepared, options, runtime);

  const source = plan.keysProfile;
  const target = targetProfileName(files.credentials, source, options.targetProfile);
  checkTarget(files, source, target);
  const found = options.force ? undefined : findMfaSession(files, plan, runtime.now(), target);
  if (found?.where === 'credentials-file') {
    return {
      profile: target,
      sourceProfile: source,
      credentialsFile: files.paths.credentials,
      expiration: found.credentials.expiration.toISOString(),
      reused: true,
    };
  }
  const session =
    found?.credentials ??
    (await newMfaSession(
      files,
      plan,
      prepared.request,
      runtime,
      () => (isInteractive(runtime) ? runtime : undefined),
      () => noCodeError('orgmfa session'),
    ));

  // Read the file again: a person may have edited it while orgmfa waited for the code.
  const current = readSharedFiles();
  checkTarget(current, source, target);
  const { entries, owned } = sessionUpdate(session, source, credentialsProfile(current, target), plan.region);
  writeFileAtomic(current.paths.credentials, upsertSection(current.credentials, target, entries, owned));
  return {
    profile: target,
    sourceProfile: source,
    credentialsFile: current.paths.credentials,
    expiration: session.expiration.toISOString(),
    reused: found !== undefined,
  };
}

/** The text `orgmfa session` prints. */
export function formatSessionReport(report: SessionReport): string {
  const until = `until ${report.expiration}`;
  if ('roleArn' in report) {
    const mfa =
      report.mfaSession === undefined
        ? ''
        : `, assumed with the MFA session of ${report.sourceProfile} (${report.mfaSession.reused ? 'reused' : 'new'}, valid until ${report.mfaSession.expiration})`;
    const first = report.reused
      ? `role credentials of profile ${report.profile} (${report.roleArn}) are cached and valid ${until}; no code needed`
      : `role credentials of profile ${report.profile} (${report.roleArn}) cached, valid ${until}${mfa}`;
    return `${first}\nuse them with \`orgmfa exec --profile ${report.profile} -- <command>\` or credential_process = orgmfa credential-process --profile ${report.profile}`;
  }
  const first = report.reused
    ? `profile ${report.profile} already holds a valid MFA session of ${report.sourceProfile} ${until}; no code needed (--force gets a new one)`
    : `MFA session of ${report.sourceProfile} written to profile ${report.profile} in ${report.credentialsFile}, valid ${until}`;
  return `${first}\nuse it with --profile ${report.profile} or AWS_PROFILE=${report.profile}`;
}

/**
 * The session options with aws-mfa's configuration applied (`--config`): its profile (named by
 * `--profile`, default "default") gives the keys' profile, the device and the duration; flags win.
 */
export function fromAwsMfaConfig(options: SessionOptions & { readonly config?: string }): SessionOptions {
  const { config, ...rest } = options;
  if (config === undefined) return rest;
  const profile = readAwsMfaProfile(config, options.profile);
  return {
    ...rest,
    ...(profile.sourceProfile === undefined ? {} : { profile: profile.sourceProfile }),
    serial: options.serial ?? profile.serial,
    ...((options.duration ?? profile.duration) === undefined
      ? {}
      : { duration: options.duration ?? profile.duration }),
  };
}
