import { profileName, readSharedFiles } from '../aws-files/shared-files';
import type { ControllingTerminal } from '../prompt';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';
import { cachedExpiration } from './credential-cache';
import { checkCodeOptions } from './mfa-code';
import { mfaSessionKey } from './mfa-session';
import { resolvePlan } from './profile-plan';
import { readCachedSession, targetProfileName } from './session-profile';
import { credentialRequest, obtainCredentials } from './temporary-credentials';

export interface CredentialProcessOptions {
  readonly profile?: string;
  readonly targetProfile?: string;
  /** False with `--no-prompt`: never ask on the terminal. */
  readonly prompt?: boolean;
  readonly codeFrom?: 'ykman';
  readonly ykmanAccount?: string;
}

/**
 * `orgmfa credential-process`: temporary credentials of a profile in the `credential_process` format
 * (one JSON line, Version 1, with Expiration, so the SDKs know when to ask again). For a profile with
 * keys, its MFA session; for a role profile, the role's credentials, refreshed from the MFA session
 * without a code while that is valid. When a new MFA session is needed, the code comes from
 * `--code-from ykman` or `mfa_process`, else from the person at the controlling terminal (`/dev/tty`:
 * the SDKs capture standard output and error, so a question there would never be seen), unless
 * `--no-prompt`. Without any of these it fails with a line naming the profile `orgmfa session` needs.
 */
export async function runCredentialProcess(
  options: CredentialProcessOptions,
  runtime: CliRuntime,
): Promise<string> {
  const profile = profileName(options.profile);
  checkCodeOptions(options);
  const files = readSharedFiles();
  const plan = resolvePlan(files, profile);
  if (options.targetProfile !== undefined && plan.roles.length > 0) {
    throw new UsageError(
      `--target-profile: profile ${profile} assumes a role; the MFA session of its source profile ${plan.keysProfile} is found without it`,
    );
  }
  let terminal: ControllingTerminal | undefined;
  // Only reached when no valid MFA session was found and no code source applies: says where each
  // session orgmfa looked for stands, and why no code could be asked for.
  const noCode = () => {
    const source = plan.keysProfile;
    const now = runtime.now();
    const target = targetProfileName(files.credentials, source, options.targetProfile);
    const written = readCachedSession(files, source, target, now);
    const cachedUntil = cachedExpiration(mfaSessionKey(plan));
    const reasons = [
      ...(cachedUntil === undefined
        ? []
        : [
            `the session orgmfa cached for it ${cachedUntil.getTime() <= now.getTime() ? 'expired' : 'expires'} at ${cachedUntil.toISOString()}`,
          ]),
      ...(written.valid ? [] : [written.reason]),
      options.prompt === false ? '--no-prompt: no code asked for' : 'no terminal to ask for a code on',
    ];
    const of = plan.roles.length > 0 ? `, the source profile of ${profile}` : '';
    const flag = options.targetProfile === undefined ? '' : ` --target-profile ${target}`;
    return new CommandFailedError(
      `no valid MFA session for profile ${source} (${reasons.join('; ')})${of}: run \`orgmfa session --profile ${source}${flag}\``,
    );
  };
  try {
    const { credentials } = await obtainCredentials(
      files,
      plan,
      {
        ...credentialRequest(options, undefined),
        ...(options.targetProfile === undefined ? {} : { sessionProfile: options.targetProfile }),
      },
      runtime,
      () => {
        if (options.prompt !== false) terminal ??= runtime.openTerminal?.();
        return terminal;
      },
      noCode,
    );
    return JSON.stringify({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString(),
    });
  } finally {
    terminal?.close();
  }
}
