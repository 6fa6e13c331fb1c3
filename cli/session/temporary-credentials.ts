import { profileName, readSharedFiles, type SharedFiles } from '../aws-files/shared-files';
import { checkCodeOptions, type CodeOptions } from './mfa-code';
import { checkSerialOption } from './mfa-device';
import { parseDuration } from './duration';
import type { PromptIo } from '../prompt';
import type { CliRuntime } from '../runtime';
import { cacheMfaSession, findMfaSession, newMfaSession, type MfaSessionOptions } from './mfa-session';
import { resolvePlan, type CredentialPlan } from './profile-plan';
import { assumeRoles, cachedRoleCredentials } from './role-credentials';
import type { SessionCredentials } from './session-profile';

/** What a command asks for, beyond the profile. */
export interface CredentialRequest extends MfaSessionOptions {
  /** Make a new MFA session (and new role credentials) even if valid ones are cached. */
  readonly force?: boolean;
  /** Where `orgmfa session` wrote the MFA session, when not the default target profile. */
  readonly sessionProfile?: string;
}

/** The request from a command's flags (those it has), with `--duration` already parsed. */
export function credentialRequest(
  flags: CodeOptions & { readonly serial?: string; readonly force?: boolean },
  duration: number | undefined,
): CredentialRequest {
  const { code, codeStdin, codeFrom, ykmanAccount, serial, force } = flags;
  return { code, codeStdin, codeFrom, ykmanAccount, serial, force, duration };
}

/** A credential command's checked start: its profile's plan, the files it came from, the request. */
export interface PreparedCommand {
  readonly profile: string;
  readonly files: SharedFiles;
  readonly plan: CredentialPlan;
  readonly request: CredentialRequest;
}

/**
 * What `orgmfa session` and `orgmfa exec` do first: check the code and serial flags, parse
 * `--duration`, read the shared files and resolve the profile's plan. Any bad flag or profile is a
 * one-line error before anything is asked or called.
 */
export function prepareCredentialCommand(
  flags: CodeOptions & {
    readonly profile?: string;
    readonly duration?: string;
    readonly serial?: string;
    readonly force?: boolean;
  },
): PreparedCommand {
  const profile = profileName(flags.profile);
  const duration = flags.duration === undefined ? undefined : parseDuration(flags.duration);
  checkCodeOptions(flags);
  checkSerialOption(flags.serial);
  const files = readSharedFiles();
  return { profile, files, plan: resolvePlan(files, profile), request: credentialRequest(flags, duration) };
}

/** The credentials for a plan, and how they were come by. */
export interface ObtainedCredentials {
  readonly credentials: SessionCredentials;
  /** True when they came from a cache, with no AWS call. */
  readonly reused: boolean;
  /** The MFA session that was used; absent when cached role credentials made it unnecessary. */
  readonly mfaSession?: { readonly expiration: Date; readonly reused: boolean };
}

/**
 * Temporary credentials for `plan`, with as few codes and calls as possible: cached role credentials
 * while they have more than five minutes left; else the MFA session (written by `orgmfa session` or
 * cached), from which the roles are assumed again without a code; else a new MFA session, which is
 * cached (never written to the credentials file) so that every profile on the same keys reuses it.
 */
export async function obtainCredentials(
  files: SharedFiles,
  plan: CredentialPlan,
  request: CredentialRequest,
  runtime: CliRuntime,
  io: () => PromptIo | undefined,
  noCode: () => Error,
): Promise<ObtainedCredentials> {
  const now = runtime.now();
  const cachedRole = request.force ? undefined : cachedRoleCredentials(plan, now);
  if (cachedRole !== undefined && cachedRole.next === plan.roles.length) {
    return { credentials: cachedRole.credentials, reused: true };
  }
  let from = cachedRole?.credentials;
  let mfaSession: ObtainedCredentials['mfaSession'];
  if (from === undefined) {
    const found = request.force ? undefined : findMfaSession(files, plan, now, request.sessionProfile);
    from = found?.credentials ?? (await newMfaSession(files, plan, request, runtime, io, noCode));
    if (found === undefined) cacheMfaSession(plan, from);
    mfaSession = { expiration: from.expiration, reused: found !== undefined };
  }
  const credentials = await assumeRoles(files, plan, from, cachedRole?.next ?? 0, runtime);
  return {
    credentials,
    reused: plan.roles.length === 0 && mfaSession?.reused === true,
    ...(mfaSession === undefined ? {} : { mfaSession }),
  };
}
