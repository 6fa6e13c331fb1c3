import { IAMClient, paginateListMFADevices } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { isAccessDenied } from '../../functions/aws/aws-errors';
import { isWritableSectionName, sectionsNamed, upsertSection } from '../aws-files/ini';
import {
  configProfile,
  credentialsProfile,
  profileName,
  readSharedFiles,
  writeFileAtomic,
  type SharedFiles,
} from '../aws-files/shared-files';
import { credentialsFailure, decorated, resolveRegion, sdkConfig } from '../aws-sdk';
import { ask, choose, readFirstLine } from '../prompt';
import { isInteractive, type CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';
import { readAwsMfaProfile } from './aws-mfa-config';
import {
  holdsLongTermKeys,
  readCachedSession,
  SESSION_KEYS,
  sessionEntries,
  targetProfileName,
  type SessionCredentials,
} from './session-profile';

/** GetSessionToken's limits for an IAM user, and for the root user. */
export const DURATION_SECONDS = { min: 900, max: 129_600, rootMax: 3600 } as const;

/** GetSessionToken's pattern for `SerialNumber`: a device ARN or a hardware device's serial. */
const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;

export interface SessionOptions {
  readonly profile?: string;
  readonly code?: string;
  readonly codeStdin?: boolean;
  readonly duration?: string;
  readonly serial?: string;
  readonly targetProfile?: string;
  readonly force?: boolean;
  readonly output: 'text' | 'json';
}

/** What `orgmfa session` did, as `--output json` prints it. */
export interface SessionReport {
  readonly profile: string;
  readonly sourceProfile: string;
  readonly credentialsFile: string;
  readonly expiration: string;
  /** True when a cached session was still valid and no code was asked for. */
  readonly reused: boolean;
}

/** `--duration`: whole seconds within GetSessionToken's range, or a usage error. */
export function parseDuration(text: string): number {
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= DURATION_SECONDS.min && seconds <= DURATION_SECONDS.max)) {
    throw new UsageError(
      `--duration must be whole seconds from ${DURATION_SECONDS.min} to ${DURATION_SECONDS.max} (15 minutes to 36 hours; the root user: up to ${DURATION_SECONDS.rootMax}), got ${JSON.stringify(text)}`,
    );
  }
  return seconds;
}

/** An MFA code: six digits, or a usage error that does not echo what was typed. */
export function parseCode(text: string | undefined, source: string): string {
  const code = (text ?? '').replace(/\s/g, '');
  if (!/^\d{6}$/.test(code))
    throw new UsageError(`${source} must be the six-digit code from your MFA device`);
  return code;
}

function longTermKeys(files: SharedFiles, profile: string): AwsCredentialIdentity {
  const inCredentials = credentialsProfile(files, profile);
  const inConfig = configProfile(files, profile);
  const source = inCredentials?.has('aws_access_key_id')
    ? inCredentials
    : inConfig?.has('aws_access_key_id')
      ? inConfig
      : undefined;
  if (source === undefined) {
    if (inCredentials === undefined && inConfig === undefined) {
      throw new UsageError(
        `profile ${profile} is in neither ${files.paths.credentials} nor ${files.paths.config} (choose one with --profile or AWS_PROFILE)`,
      );
    }
    throw new UsageError(
      `profile ${profile} has no access keys: orgmfa session needs an IAM user's long-term keys (SSO and role profiles do MFA at their own login)`,
    );
  }
  if (source.has('aws_session_token') || source.has('aws_security_token')) {
    throw new UsageError(
      `profile ${profile} holds temporary credentials (aws_session_token): GetSessionToken needs the IAM user's long-term keys`,
    );
  }
  const secretAccessKey = source.get('aws_secret_access_key');
  if (!secretAccessKey) {
    throw new UsageError(`profile ${profile} has aws_access_key_id but no aws_secret_access_key`);
  }
  return { accessKeyId: source.get('aws_access_key_id')!, secretAccessKey };
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

function keysRefused(error: unknown, profile: string): CommandFailedError | undefined {
  return credentialsFailure(error, `the access keys of profile ${profile}`);
}

/** The serial of the user's MFA device, from `iam:ListMFADevices` (several: `--serial` or a prompt). */
async function discoverSerial(iam: IAMClient, profile: string, runtime: CliRuntime): Promise<string> {
  const serials: string[] = [];
  try {
    for await (const page of paginateListMFADevices({ client: iam }, {})) {
      for (const device of page.MFADevices ?? []) {
        // FIDO security keys cannot answer GetSessionToken: only TOTP devices (virtual or hardware).
        if (device.SerialNumber !== undefined && !device.SerialNumber.includes(':u2f/'))
          serials.push(device.SerialNumber);
      }
    }
  } catch (error) {
    const refused = keysRefused(error, profile);
    if (refused !== undefined) throw refused;
    if (isAccessDenied(error)) {
      throw new CommandFailedError(
        `cannot list the MFA devices of profile ${profile} (${(error as Error).message}); name the device with --serial or mfa_serial in the profile`,
        { cause: error },
      );
    }
    throw error;
  }
  if (serials.length === 1) return serials[0]!;
  if (serials.length === 0) {
    throw new CommandFailedError(
      `the IAM user of profile ${profile} has no MFA device that works with GetSessionToken (a virtual or hardware TOTP device; security keys do not): assign one first`,
    );
  }
  if (isInteractive(runtime)) return choose(runtime, 'Several MFA devices are assigned to you:', serials);
  throw new UsageError(`several MFA devices are assigned (${serials.join(', ')}): choose one with --serial`);
}

async function mfaCode(options: SessionOptions, serial: string, runtime: CliRuntime): Promise<string> {
  if (options.code !== undefined) return parseCode(options.code, '--code');
  if (options.codeStdin) return parseCode(await readFirstLine(runtime), 'the first line of standard input');
  if (isInteractive(runtime))
    return parseCode(await ask(runtime, `MFA code for ${serial}: `), 'the MFA code');
  throw new UsageError(
    'no MFA code: pass --code 123456 or --code-stdin, or run orgmfa session on a terminal to be asked',
  );
}

async function getSessionToken(
  sts: STSClient,
  input: { serial: string; code: string; duration: number | undefined },
  profile: string,
): Promise<SessionCredentials> {
  try {
    const { Credentials } = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: input.serial,
        TokenCode: input.code,
        // Without it AWS applies its default: 12 hours (1 hour for the root user).
        ...(input.duration === undefined ? {} : { DurationSeconds: input.duration }),
      }),
    );
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = Credentials ?? {};
    if (!AccessKeyId || !SecretAccessKey || !SessionToken || Expiration === undefined) {
      throw new CommandFailedError(
        'GetSessionToken answered without complete credentials; nothing was written',
      );
    }
    return {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
      expiration: Expiration,
    };
  } catch (error) {
    if (error instanceof CommandFailedError) throw error;
    const refused = keysRefused(error, profile);
    if (refused !== undefined) throw refused;
    const message = (error as Error).message;
    if (isAccessDenied(error) && /MultiFactorAuthentication/i.test(message)) {
      throw new CommandFailedError(
        `the MFA code was not accepted for ${input.serial} (${message}); nothing was written: run again with the next code`,
        { cause: error },
      );
    }
    if (isAccessDenied(error) || (error as Error).name === 'ValidationError') {
      throw new CommandFailedError(`GetSessionToken refused: ${message}; nothing was written`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * `orgmfa session`: GetSessionToken with MFA using a profile's long-term keys, written to the target
 * profile of the shared credentials file (nothing else in the file changes), unless the target already
 * holds a session of that profile with more than five minutes left.
 */
export async function runSession(options: SessionOptions, runtime: CliRuntime): Promise<SessionReport> {
  const profile = profileName(options.profile);
  const duration = options.duration === undefined ? undefined : parseDuration(options.duration);
  if (options.code !== undefined && options.codeStdin) {
    throw new UsageError('--code and --code-stdin exclude each other');
  }
  if (options.code !== undefined) parseCode(options.code, '--code');
  if (options.serial !== undefined && !SERIAL_NUMBER.test(options.serial)) {
    throw new UsageError(
      `--serial ${JSON.stringify(options.serial)} is not an MFA device ARN or serial number`,
    );
  }
  const files = readSharedFiles();
  const credentials = longTermKeys(files, profile);
  const target = targetProfileName(files.credentials, profile, options.targetProfile);
  checkTarget(files, profile, target);

  if (!options.force) {
    const cached = readCachedSession(files, profile, target, runtime.now());
    if (cached.valid) {
      return {
        profile: target,
        sourceProfile: profile,
        credentialsFile: files.paths.credentials,
        expiration: cached.credentials.expiration.toISOString(),
        reused: true,
      };
    }
  }

  const config = sdkConfig({
    region: resolveRegion(undefined, files, profile) ?? 'us-east-1',
    profile,
    credentials,
  });
  const serial =
    options.serial ??
    configProfile(files, profile)?.get('mfa_serial') ??
    credentialsProfile(files, profile)?.get('mfa_serial') ??
    // aws-mfa keeps the device in its long-term profile under this name.
    credentialsProfile(files, profile)?.get('aws_mfa_device') ??
    (await discoverSerial(decorated(runtime, new IAMClient(config)), profile, runtime));
  const sts = decorated(runtime, new STSClient(config));
  if (duration !== undefined && duration > DURATION_SECONDS.rootMax) {
    // Only the root user is limited to an hour; ask who the keys belong to (no permission needed).
    let arn: string | undefined;
    try {
      arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } catch (error) {
      throw keysRefused(error, profile) ?? error;
    }
    if (arn?.endsWith(':root')) {
      throw new UsageError(
        `--duration ${duration}: sessions of the root user last ${DURATION_SECONDS.min} to ${DURATION_SECONDS.rootMax} seconds`,
      );
    }
  }
  const code = await mfaCode(options, serial, runtime);
  const session = await getSessionToken(sts, { serial, code, duration }, profile);

  // Read the file again: a person may have edited it while orgmfa waited for the code.
  const current = readSharedFiles();
  checkTarget(current, profile, target);
  writeFileAtomic(
    current.paths.credentials,
    upsertSection(
      current.credentials,
      target,
      sessionEntries(session, profile, credentialsProfile(current, target)),
      SESSION_KEYS,
    ),
  );
  return {
    profile: target,
    sourceProfile: profile,
    credentialsFile: current.paths.credentials,
    expiration: session.expiration.toISOString(),
    reused: false,
  };
}

/** The text `orgmfa session` prints. */
export function formatSessionReport(report: SessionReport): string {
  const until = `until ${report.expiration}`;
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
