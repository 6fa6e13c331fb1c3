/**
 * IAM's own constraints on the names orgmfa reads from events. Checking them before building an ARN
 * keeps hostile values (slashes, wildcards, control characters, oversized strings) out of every API call.
 */

/** `virtualMFADeviceName`: IAM's pattern `[\w+=,.@-]+`, 1 to 226 characters. */
export const VIRTUAL_MFA_DEVICE_NAME = /^[\w+=,.@-]{1,226}$/;

/** `userName`: IAM's pattern `[\w+=,.@-]+`, 1 to 64 characters. */
export const USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** An IAM path: `/` or `/…/` of printable ASCII without spaces, at most 512 characters. */
export const IAM_PATH = /^(\/|\/[\x21-\x7E]{1,510}\/)$/;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * What `DeleteVirtualMFADevice` accepts as SerialNumber: 9 to 256 characters of `[\w+=/:,.@-]`. A
 * device whose path or name falls outside it (IAM paths allow more) cannot be deleted by orgmfa.
 */
export const DELETABLE_SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;

/**
 * The account and name of the IAM user an ARN names (`arn:<partition>:iam::<account>:user/[<path>/]<name>`,
 * in a partition orgmfa knows), or `undefined` for anything else: a role session, a root user, a
 * federated user, an unknown partition, a name IAM would not allow. One parser for every caller (the
 * seed pickup's caller identity, the creator in orgmfa's device record).
 */
export function iamUserOfArn(
  arn: string | null | undefined,
): { accountId: string; userName: string } | undefined {
  const match = /^arn:(?:aws|aws-us-gov|aws-cn):iam::(\d{12}):user\/(?:[\x21-\x7E]*\/)?([^/]+)$/.exec(
    arn ?? '',
  );
  if (match === null || !USER_NAME.test(match[2]!)) return undefined;
  return { accountId: match[1]!, userName: match[2]! };
}

/**
 * `provisioning.deviceNameTemplate` applied to a user's name, unchecked: what orgmfa names that user's
 * device (see VIRTUAL_MFA_DEVICE_NAME for what IAM accepts).
 */
export function templatedDeviceName(template: string, userName: string): string {
  return template.replaceAll('{userName}', userName);
}
