import {
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  NoSuchEntityException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { mfaKindOf } from '../core/compliance/mfa-kind';
import type { UserFacts } from '../core/compliance/model';
import { rethrowThrottling } from './aws-errors';
import { tagMap } from './tag-map';

/** undefined for NoSuchEntity: the thing (user, login profile) does not exist. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

/**
 * A user's compliance facts, read fresh with per-user calls (the event path must not use the credential
 * report, which IAM regenerates at most every four hours), with `readAt`, taken before the reads, as
 * their evidence time. ListMFADevices names every device, so FIDO-only MFA is told apart at no extra
 * cost. Undefined when the user no longer exists.
 */
export async function readUserFacts(
  iam: IAMClient,
  userName: string,
  readAt: Date,
): Promise<UserFacts | undefined> {
  try {
    const [user, loginProfile, devices, keys] = await Promise.all([
      unlessMissing(iam.send(new GetUserCommand({ UserName: userName }))),
      unlessMissing(iam.send(new GetLoginProfileCommand({ UserName: userName }))),
      unlessMissing(iam.send(new ListMFADevicesCommand({ UserName: userName }))),
      unlessMissing(iam.send(new ListAccessKeysCommand({ UserName: userName }))),
    ]);
    if (user?.User?.Arn === undefined) return undefined;
    return {
      userName,
      arn: user.User.Arn,
      consolePassword: loginProfile !== undefined,
      activeAccessKeys: (keys?.AccessKeyMetadata ?? []).filter((key) => key.Status === 'Active').length,
      mfa: mfaKindOf((devices?.MFADevices ?? []).map((device) => device.SerialNumber ?? '')),
      tags: tagMap(user.User.Tags),
      evidenceAt: readAt.toISOString(),
    };
  } catch (error) {
    return rethrowThrottling(error, `reading user ${userName}`);
  }
}
