import { NoSuchEntityException, paginateListMFADeviceTags, type IAMClient } from '@aws-sdk/client-iam';
import { rethrowThrottling } from './aws-errors';
import { tagMap } from './tag-map';

/**
 * The tags of the virtual MFA device `serialNumber` (every page: IAM may return fewer than asked), or
 * undefined when there is no such device. Throttling that outlasts the SDK's retries becomes
 * ThrottledError.
 */
export async function readDeviceTags(
  iam: IAMClient,
  serialNumber: string,
): Promise<Record<string, string> | undefined> {
  const tags: { Key?: string; Value?: string }[] = [];
  try {
    for await (const page of paginateListMFADeviceTags({ client: iam }, { SerialNumber: serialNumber })) {
      tags.push(...(page.Tags ?? []));
    }
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    return rethrowThrottling(error, `iam:ListMFADeviceTags for ${serialNumber}`);
  }
  return tagMap(tags);
}
