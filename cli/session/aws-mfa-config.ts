import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../usage-error';

/** What an aws-mfa profile gives `orgmfa session`. */
export interface AwsMfaProfile {
  /** The AWS profile holding the long-term keys (`aws_profile`). */
  readonly sourceProfile?: string;
  /** The MFA device: `mfa_arn`, else `arn:aws:iam::<account>:mfa/<username>`. */
  readonly serial: string;
  /** Session length in seconds (`expiry`). */
  readonly duration?: string;
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads aws-mfa's configuration (`~/.aws/aws-mfa.yaml`, for people migrating): named profiles that
 * inherit from `default` (`account`, `username`, `aws_profile`, `expiry`, optionally `mfa_arn`).
 */
export function readAwsMfaProfile(path: string, name = 'default'): AwsMfaProfile {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read aws-mfa configuration ${path}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
  if (!isRecord(document) || !isRecord(document.default)) {
    throw new UsageError(`aws-mfa configuration ${path} has no "default" profile`);
  }
  const own = document[name];
  if (!isRecord(own)) throw new UsageError(`aws-mfa configuration ${path} has no profile "${name}"`);
  const profile: Raw = { ...document.default, ...own };
  const text = (key: string) => (profile[key] === undefined ? undefined : String(profile[key]));
  const account = text('account');
  const username = text('username');
  const serial =
    text('mfa_arn') ??
    (account !== undefined && username !== undefined
      ? `arn:aws:iam::${account.padStart(12, '0')}:mfa/${username}`
      : undefined);
  if (serial === undefined) {
    throw new UsageError(`aws-mfa profile "${name}" in ${path} needs account and username (or mfa_arn)`);
  }
  const sourceProfile = text('aws_profile');
  const duration = text('expiry');
  return {
    serial,
    ...(sourceProfile === undefined ? {} : { sourceProfile }),
    ...(duration === undefined ? {} : { duration }),
  };
}
