import { profileName, readSharedFiles } from '../aws-files/shared-files';
import type { CliRuntime } from '../runtime';
import { CommandFailedError } from '../usage-error';
import { readCachedSession, targetProfileName } from './session-profile';

export interface CredentialProcessOptions {
  readonly profile?: string;
  readonly targetProfile?: string;
}

/**
 * `orgmfa credential-process`: the cached MFA session of a profile in the `credential_process` format
 * (one JSON line, Version 1, with Expiration, so the SDKs know when to ask again). It never prompts:
 * the SDKs run it without a terminal. Without a valid session it fails with a line saying what to run.
 */
export function runCredentialProcess(options: CredentialProcessOptions, runtime: CliRuntime): string {
  const profile = profileName(options.profile);
  const files = readSharedFiles();
  const target = targetProfileName(files.credentials, profile, options.targetProfile);
  const cached = readCachedSession(files, profile, target, runtime.now());
  if (!cached.valid) {
    const flag = options.targetProfile === undefined ? '' : ` --target-profile ${target}`;
    throw new CommandFailedError(
      `no valid MFA session for profile ${profile} (${cached.reason}): run \`orgmfa session --profile ${profile}${flag}\``,
    );
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = cached.credentials;
  return JSON.stringify({
    Version: 1,
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    SessionToken: sessionToken,
    Expiration: expiration.toISOString(),
  });
}
