import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { isAccessDenied } from '../../functions/aws/aws-errors';
import type { SharedFiles } from '../aws-files/shared-files';
import { credentialsFailure, decorated, resolveRegion, sdkConfig } from '../aws-sdk';
import type { PromptIo } from '../prompt';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';
import { readCache, writeCache, type CacheKey } from './credential-cache';
import { DURATION_SECONDS } from './duration';
import { codeSource, type CodeOptions } from './mfa-code';
import { resolveSerial } from './mfa-device';
import type { CredentialPlan } from './profile-plan';
import {
  completeCredentials,
  readCachedSession,
  targetProfileName,
  type SessionCredentials,
} from './session-profile';

/** How a new MFA session is to be made. */
export interface MfaSessionOptions extends CodeOptions {
  /** GetSessionToken's DurationSeconds; absent: AWS's default, 12 hours (1 hour for the root user). */
  readonly duration?: number;
  /** `--serial`: overrides the profile's device. */
  readonly serial?: string;
}

/** An MFA session found, and where it was kept. */
export interface FoundSession {
  readonly credentials: SessionCredentials;
  readonly where: 'credentials-file' | 'cache';
}

/** The cache entry of the MFA session made with `plan`'s long-term keys. */
export function mfaSessionKey(plan: CredentialPlan): CacheKey {
  return { kind: 'mfa-session', profile: plan.keysProfile, accessKeyId: plan.keys.accessKeyId };
}

/**
 * A valid MFA session of `plan`'s keys: the one `orgmfa session` wrote to the credentials file
 * (`target`, default the keys profile's target profile), else one in orgmfa's cache.
 */
export function findMfaSession(
  files: SharedFiles,
  plan: CredentialPlan,
  now: Date,
  target: string = targetProfileName(files.credentials, plan.keysProfile, undefined),
): FoundSession | undefined {
  const written = readCachedSession(files, plan.keysProfile, target, now);
  if (written.valid) return { credentials: written.credentials, where: 'credentials-file' };
  const cached = readCache(mfaSessionKey(plan), now);
  return cached === undefined ? undefined : { credentials: cached, where: 'cache' };
}

/** Keeps a new MFA session in orgmfa's cache (not the credentials file). */
export function cacheMfaSession(plan: CredentialPlan, session: SessionCredentials): void {
  writeCache(mfaSessionKey(plan), session);
}

/** The region STS and IAM calls go to: AWS_REGION, AWS_DEFAULT_REGION, the profile's, else us-east-1. */
export function callRegion(files: SharedFiles, plan: CredentialPlan): string {
  return resolveRegion(undefined, files, undefined) ?? plan.region ?? 'us-east-1';
}

function keysRefused(error: unknown, plan: CredentialPlan): CommandFailedError | undefined {
  return credentialsFailure(error, `the access keys of profile ${plan.keysProfile}`);
}

async function getSessionToken(
  sts: STSClient,
  input: { serial: string; code: string; duration: number | undefined },
  plan: CredentialPlan,
): Promise<SessionCredentials> {
  try {
    const { Credentials } = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: input.serial,
        TokenCode: input.code,
        ...(input.duration === undefined ? {} : { DurationSeconds: input.duration }),
      }),
    );
    return completeCredentials(Credentials, 'GetSessionToken (nothing was written)');
  } catch (error) {
    if (error instanceof CommandFailedError) throw error;
    const refused = keysRefused(error, plan);
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
 * A new MFA session (GetSessionToken) with `plan`'s long-term keys: where the code will come from
 * ({@link codeSource}; `noCode` when nowhere, before any AWS call), the device (a user with only
 * security keys is told to use `aws login`, with no STS call), the root user's one-hour limit, the
 * code, then the call.
 */
export async function newMfaSession(
  files: SharedFiles,
  plan: CredentialPlan,
  options: MfaSessionOptions,
  runtime: CliRuntime,
  io: () => PromptIo | undefined,
  noCode: () => Error,
): Promise<SessionCredentials> {
  const source = codeSource(options, plan, runtime, io);
  if (source === undefined) throw noCode();
  const config = sdkConfig({
    region: callRegion(files, plan),
    profile: plan.keysProfile,
    credentials: plan.keys,
  });
  const serial = await resolveSerial(
    plan.keysProfile,
    options.serial ?? plan.serial,
    () => decorated(runtime, new IAMClient(config)),
    io,
  );
  const sts = decorated(runtime, new STSClient(config));
  if (options.duration !== undefined && options.duration > DURATION_SECONDS.rootMax) {
    // Only the root user is limited to an hour; ask who the keys belong to (no permission needed).
    let arn: string | undefined;
    try {
      arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } catch (error) {
      throw keysRefused(error, plan) ?? error;
    }
    if (arn?.endsWith(':root')) {
      throw new UsageError(
        `--duration ${options.duration}: sessions of the root user last ${DURATION_SECONDS.min} to ${DURATION_SECONDS.rootMax} seconds`,
      );
    }
  }
  const code = await source(serial);
  return getSessionToken(sts, { serial, code, duration: options.duration }, plan);
}
