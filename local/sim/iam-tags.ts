import { awsError } from './aws-errors';
import { findDevice, page, requireOwnAccount, tagList, type IamOperation } from './iam-entities';
import type { ServiceContext } from './simulated-aws';

/**
 * Tags on virtual MFA devices (`TagMFADevice`, `UntagMFADevice`, `ListMFADeviceTags`), stored on the
 * device fixture's `tags`. IAM's rules: at most 50 tags per resource and per request, keys of 1 to 128
 * and values of 0 to 256 characters, keys compared without case (a new value for a key replaces the
 * old one, under the old key's spelling), and an unknown serial number is `NoSuchEntity`.
 */
export const TAG_OPERATIONS: Record<string, IamOperation> = {
  TagMFADevice: tagMfaDevice,
  UntagMFADevice: untagMfaDevice,
  ListMFADeviceTags: listMfaDeviceTags,
};

/** IAM's limit on tags per resource, and per TagMFADevice request. */
export const MAX_TAGS = 50;

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

function invalid(where: string, value: unknown, constraint: string): Error {
  return awsError(
    'iam',
    'ValidationError',
    `1 validation error detected: Value '${String(value)}' at '${where}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The request's `Tags`, checked against IAM's limits and patterns. */
export function readTags(input: Record<string, unknown>): { Key: string; Value: string }[] {
  const tags = input.Tags;
  if (!Array.isArray(tags) || tags.length === 0 || tags.length > MAX_TAGS) {
    throw invalid(
      'tags',
      Array.isArray(tags) ? tags.length : tags,
      `Member must have length between 1 and ${MAX_TAGS}`,
    );
  }
  const seen = new Set<string>();
  return tags.map((tag: { Key?: unknown; Value?: unknown }, i) => {
    if (typeof tag.Key !== 'string' || !TAG_KEY.test(tag.Key)) {
      throw invalid(
        `tags.${i + 1}.member.key`,
        tag.Key,
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      );
    }
    if (typeof tag.Value !== 'string' || !TAG_VALUE.test(tag.Value)) {
      throw invalid(
        `tags.${i + 1}.member.value`,
        tag.Value,
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
      );
    }
    if (seen.has(tag.Key.toLowerCase())) {
      throw awsError(
        'iam',
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(tag.Key.toLowerCase());
    return { Key: tag.Key, Value: tag.Value };
  });
}

/** The key under which `key` is stored, ignoring case, if any. */
function storedKey(tags: Record<string, string>, key: string): string | undefined {
  return Object.keys(tags).find((k) => k.toLowerCase() === key.toLowerCase());
}

function tagMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  requireOwnAccount(ctx, input.SerialNumber, 'TagMFADevice');
  const device = findDevice(ctx.account, input.SerialNumber);
  const tags = readTags(input);
  const merged = { ...device.tags };
  for (const { Key, Value } of tags) merged[storedKey(merged, Key) ?? Key] = Value;
  if (Object.keys(merged).length > MAX_TAGS) {
    throw awsError('iam', 'LimitExceeded', `Cannot exceed quota for TagsPerMFADevice: ${MAX_TAGS}`);
  }
  device.tags = merged;
  return {};
}

function untagMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  requireOwnAccount(ctx, input.SerialNumber, 'UntagMFADevice');
  const device = findDevice(ctx.account, input.SerialNumber);
  const keys = input.TagKeys;
  if (
    !Array.isArray(keys) ||
    keys.length > MAX_TAGS ||
    keys.some((k) => typeof k !== 'string' || !TAG_KEY.test(k))
  ) {
    throw invalid('tagKeys', keys, `Member must have length less than or equal to ${MAX_TAGS}`);
  }
  const remaining = { ...device.tags };
  // Keys the device does not have are ignored, as IAM does.
  for (const key of keys as string[]) {
    const stored = storedKey(remaining, key);
    if (stored !== undefined) delete remaining[stored];
  }
  if (Object.keys(remaining).length === 0) delete device.tags;
  else device.tags = remaining;
  return {};
}

function listMfaDeviceTags(input: Record<string, unknown>, ctx: ServiceContext): object {
  requireOwnAccount(ctx, input.SerialNumber, 'ListMFADeviceTags');
  const device = findDevice(ctx.account, input.SerialNumber);
  const { page: tags, ...paging } = page(tagList(device.tags), input);
  return { Tags: tags, ...paging };
}
