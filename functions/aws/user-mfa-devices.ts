import { NoSuchEntityException, paginateListMFADevices, type IAMClient } from '@aws-sdk/client-iam';
import { rethrowThrottling } from './aws-errors';

/**
 * The serial numbers of the MFA devices assigned to IAM user `userName`, of any kind (ListMFADevices,
 * page by page); undefined when the user is gone. Throttling is rethrown as ThrottledError.
 */
export async function userMfaDevices(iam: IAMClient, userName: string): Promise<string[] | undefined> {
  const serials: string[] = [];
  try {
    for await (const page of paginateListMFADevices({ client: iam }, { UserName: userName })) {
      for (const device of page.MFADevices ?? []) if (device.SerialNumber) serials.push(device.SerialNumber);
    }
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    return rethrowThrottling(error, `iam:ListMFADevices for ${userName}`);
  }
  return serials;
}
