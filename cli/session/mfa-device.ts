import { paginateListMFADevices, type IAMClient } from '@aws-sdk/client-iam';
import { isAccessDenied } from '../../functions/aws/aws-errors';
import { credentialsFailure } from '../aws-sdk';
import { choose, type PromptIo } from '../prompt';
import { CommandFailedError, UsageError } from '../usage-error';

/** GetSessionToken's pattern for `SerialNumber`: a device ARN or a hardware device's serial. */
const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;

/** A FIDO security key or passkey: IAM names them `arn:<partition>:iam::<account>:u2f/...`. */
export function isFidoDevice(serial: string): boolean {
  return /^arn:[\w-]+:iam::\d{12}:u2f\//.test(serial);
}

/** `--serial`: a device ARN or serial number, or a usage error. */
export function checkSerialOption(serial: string | undefined): void {
  if (serial !== undefined && !SERIAL_NUMBER.test(serial)) {
    throw new UsageError(`--serial ${JSON.stringify(serial)} is not an MFA device ARN or serial number`);
  }
}

/**
 * Why a user whose MFA is a security key or passkey gets no session, and what works instead.
 * GetSessionToken accepts only TOTP devices (virtual or hardware) and AWS has said FIDO will not come
 * to it (aws/aws-cli#3607, June 2026: "delivered through `aws login` and `aws sso login`"); the AWS
 * CLI's own browser sign-in, `aws login` (AWS CLI 2.32.0 and later), signs in with the
 * console's credentials, security keys included, and gives the CLI and SDKs temporary credentials
 * (https://docs.aws.amazon.com/signin/latest/userguide/command-line-sign-in.html).
 */
function fidoOnly(profile: string, serials: readonly string[]): CommandFailedError {
  return new CommandFailedError(
    `the IAM user of profile ${profile} signs in with a security key or passkey (${serials.join(', ')}), and GetSessionToken accepts only authenticator-app and hardware TOTP devices: sign in with \`aws login\` instead (AWS CLI 2.32.0 or later; browser sign-in, temporary credentials for the CLI and SDKs; IAM users need the SignInLocalDevelopmentAccess policy), or assign a virtual MFA device to use orgmfa`,
  );
}

/**
 * The MFA device of the user behind `profile`'s keys: `configured` (`--serial`, `mfa_serial`,
 * `aws_mfa_device`), else `iam:ListMFADevices`. Security keys and passkeys cannot answer
 * GetSessionToken: a user who has only those is told so before any code is asked for or any STS call
 * is made. With several TOTP devices, the person chooses on `io`, else `--serial` is needed.
 */
export async function resolveSerial(
  profile: string,
  configured: string | undefined,
  iam: () => IAMClient,
  io: () => PromptIo | undefined,
): Promise<string> {
  if (configured !== undefined) {
    if (isFidoDevice(configured)) throw fidoOnly(profile, [configured]);
    return configured;
  }
  const serials: string[] = [];
  try {
    for await (const page of paginateListMFADevices({ client: iam() }, {})) {
      for (const device of page.MFADevices ?? []) {
        if (device.SerialNumber !== undefined) serials.push(device.SerialNumber);
      }
    }
  } catch (error) {
    const refused = credentialsFailure(error, `the access keys of profile ${profile}`);
    if (refused !== undefined) throw refused;
    if (isAccessDenied(error)) {
      throw new CommandFailedError(
        `cannot list the MFA devices of profile ${profile} (${(error as Error).message}); name the device with --serial or mfa_serial in the profile`,
        { cause: error },
      );
    }
    throw error;
  }
  const totp = serials.filter((serial) => !isFidoDevice(serial));
  if (totp.length === 1) return totp[0]!;
  if (totp.length === 0 && serials.length > 0) throw fidoOnly(profile, serials);
  if (totp.length === 0) {
    throw new CommandFailedError(
      `the IAM user of profile ${profile} has no MFA device that works with GetSessionToken (a virtual or hardware TOTP device; security keys do not): assign one first`,
    );
  }
  const terminal = io();
  if (terminal !== undefined) return choose(terminal, 'Several MFA devices are assigned to you:', totp);
  throw new UsageError(`several MFA devices are assigned (${totp.join(', ')}): choose one with --serial`);
}
