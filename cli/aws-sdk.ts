import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { SdkClient } from '../functions/aws/clients';
import { configProfile, type SharedFiles } from './aws-files/shared-files';
import type { CliRuntime } from './runtime';
import { hintedLine, isCredentialsError } from './error-hints';
import { CommandFailedError } from './usage-error';

/**
 * Configuration of the SDK clients a command creates. There is deliberately no `endpoint`: the SDK
 * then honours `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>` and the profile's `endpoint_url`, so
 * orgmfa works against any AWS-compatible endpoint. `profile` makes the SDK read that profile's
 * settings (and, without explicit credentials, its credentials: keys, SSO, role, process).
 */
export function sdkConfig(options: {
  readonly region: string;
  readonly profile?: string;
  readonly credentials?: AwsCredentialIdentity;
}): { region: string; profile?: string; credentials?: AwsCredentialIdentity } {
  return {
    region: options.region,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
}

/** Hands a new client to the runtime's decorator (the simulation, in tests) and returns it. */
export function decorated<C extends SdkClient>(runtime: CliRuntime, client: C): C {
  runtime.decorateClient?.(client);
  return client;
}

/**
 * The region a command's clients use: `--region`, else `AWS_REGION` (the SDK's variable), else
 * `AWS_DEFAULT_REGION` (the AWS CLI's), else the profile's `region`, else `fallback`.
 */
export function resolveRegion(
  option: string | undefined,
  files: SharedFiles,
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return (
    option ||
    env.AWS_REGION ||
    env.AWS_DEFAULT_REGION ||
    (profile === undefined ? undefined : configProfile(files, profile)?.get('region')) ||
    undefined
  );
}

/**
 * A one-line failure for credentials that could not be found or that AWS refused, with the hint of
 * what to do about them (see {@link hintFor}), naming whose they are (`who`; by default the SDK's own
 * chain); undefined for any other error.
 */
export function credentialsFailure(error: unknown, who?: string): CommandFailedError | undefined {
  const line = isCredentialsError(error) ? hintedLine(error, who === undefined ? {} : { who }) : undefined;
  return line === undefined ? undefined : new CommandFailedError(line, { cause: error });
}
