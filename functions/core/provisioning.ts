import { COMPLIANCE_TAG_KEYS } from './compliance/tags';
import { templatedDeviceName, VIRTUAL_MFA_DEVICE_NAME } from './iam-names';
import {
  INITIAL_PASSWORD_PARAMETER_PREFIX,
  ORGMFA_TAG_KEY,
  SEED_PARAMETER_PREFIX,
  USER_ID_TAG_KEY,
} from './naming';
import type { ProvisioningSettings } from './config';
import { totpWindow, TOTP_PERIOD_SECONDS } from './totp';

/** Whether provisioning applies. */
export type ProvisioningVerdict =
  { readonly provision: true } | { readonly provision: false; readonly reason: string };

/**
 * Whether new users of an account get MFA: the account is listed, or one of its ancestors (parent OU,
 * its parents, the root) is, and the account is not excluded. `ancestors` runs from the direct parent
 * up to the root.
 */
export function provisioningScope(
  settings: ProvisioningSettings,
  accountId: string,
  ancestors: readonly string[],
): ProvisioningVerdict {
  if (settings.excludedAccountIds.includes(accountId)) {
    return { provision: false, reason: `provisioning is excluded for account ${accountId}` };
  }
  if (settings.accountIds.includes(accountId)) return { provision: true };
  const enabledAncestor = ancestors.find((id) => settings.organizationalUnitIds.includes(id));
  if (enabledAncestor !== undefined) return { provision: true };
  return { provision: false, reason: `provisioning is off for account ${accountId} (not in an enabled OU)` };
}

/** What the provisioning step knows about the user, read fresh from IAM. */
export interface UserFacts {
  readonly userName: string;
  /** IAM's unique id (`AIDA…`): names the seed parameter, and differs for a user re-created later. */
  readonly userId: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  /** MFA devices already assigned to the user (any kind). */
  readonly mfaDeviceCount: number;
  /** When IAM created the user (`GetUser`): bounds how long provisioning may wait for a device in the way. */
  readonly createDate: Date;
}

/** The value of {@link ORGMFA_TAG_KEY} on a device orgmfa provisioned. */
export const PROVISIONED_TAG_VALUE = 'provisioned';

/**
 * Whether a device's tags say orgmfa provisioned it for the user with unique id `userId` (the tags it
 * is created with). Tags are no proof against someone allowed to tag devices, so nothing destructive
 * relies on them: a forged pair makes provisioning skip the user (who then shows in the compliance
 * findings as without MFA), or lets the user record a pickup on that device.
 */
export function isProvisionedFor(tags: Readonly<Record<string, string>>, userId: string): boolean {
  return tags[ORGMFA_TAG_KEY] === PROVISIONED_TAG_VALUE && tags[USER_ID_TAG_KEY] === userId;
}

/** Why a user is skipped, or undefined when it gets a device. */
export function userSkipReason(settings: ProvisioningSettings, user: UserFacts): string | undefined {
  const exemptPath = settings.exemptPaths.find((path) => user.path.startsWith(path));
  if (exemptPath !== undefined) return `user ${user.userName} is on the exempt path ${exemptPath}`;
  if (COMPLIANCE_TAG_KEYS.exempt in user.tags)
    return `user ${user.userName} is tagged ${COMPLIANCE_TAG_KEYS.exempt}`;
  if (user.mfaDeviceCount > 0) return `user ${user.userName} already has an MFA device`;
  return undefined;
}

/** The device name for a user from the configured template; IAM's own name rules apply to the result. */
export function deviceNameFor(template: string, userName: string): string {
  const name = templatedDeviceName(template, userName);
  if (!VIRTUAL_MFA_DEVICE_NAME.test(name)) {
    throw new Error(`the device name template gives ${JSON.stringify(name)}, which IAM does not accept`);
  }
  return name;
}

/** IAM's unique ids: upper-case letters and digits (`AIDA…` for a user), 16 to 128 characters. */
const UNIQUE_ID = /^[A-Z0-9]{16,128}$/;

/**
 * The SSM parameter that holds a user's seed until the user collects it, named by the user's unique
 * id rather than its name: an SSM name may not hold the `@`, `+`, `=` or `,` an IAM user name may, the
 * self-service policy scopes it with the `${aws:userid}` policy variable, and a user re-created under
 * an old name never sees the seed of the user before it.
 */
export function seedParameterName(userId: string): string {
  return `${SEED_PARAMETER_PREFIX}${uniqueId(userId)}`;
}

/**
 * The SSM parameter that holds a user's initial console password, when that option is on: named by the
 * user's unique id like the seed, for the same reasons (SSM refuses the `@`, `+`, `=` and `,` of a user
 * name; a user re-created under an old name never finds the password left for the user before it).
 */
export function initialPasswordParameterName(userId: string): string {
  return `${INITIAL_PASSWORD_PARAMETER_PREFIX}${uniqueId(userId)}`;
}

/** `userId` when it is an IAM unique id; a clear error otherwise, before any parameter is named by it. */
function uniqueId(userId: string): string {
  if (!UNIQUE_ID.test(userId)) throw new Error(`${JSON.stringify(userId)} is not an IAM unique id`);
  return userId;
}

/** The SSM expiration policy (Advanced tier) that deletes an uncollected seed after `days`. */
export function seedExpirationPolicy(now: Date, days: number): { policies: string; expiresAt: string } {
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  return {
    expiresAt,
    policies: JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: expiresAt } }]),
  };
}

/** The TOTP windows of an `EnableMFADevice` attempt: two consecutive windows. */
export interface CodeWindows {
  readonly first: number;
  readonly second: number;
}

/**
 * The first attempt uses the previous and the current window, both known now: no wait for a second
 * code (the 2017 sample waited up to 30 s).
 */
export function firstAttemptWindows(now: Date): CodeWindows {
  const current = totpWindow(now.getTime() / 1000);
  return { first: current - 1, second: current };
}

/**
 * After `InvalidAuthenticationCode`, the one retry uses the current and the next window, sent once
 * the next window has begun: `waitMs` is how long until then.
 */
export function retryWindows(now: Date): CodeWindows & { readonly waitMs: number } {
  const current = totpWindow(now.getTime() / 1000);
  const waitMs = (current + 1) * TOTP_PERIOD_SECONDS * 1000 - now.getTime();
  return { first: current, second: current + 1, waitMs };
}
