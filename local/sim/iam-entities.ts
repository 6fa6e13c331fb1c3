import { createHash, randomBytes } from 'node:crypto';
import { virtualMfaDeviceArn } from '../../functions/core/orphan';
import { awsError } from './aws-errors';
import type { AccountFixture, UserFixture, VirtualMfaDeviceFixture } from './fixture';
import type { ServiceContext } from './simulated-aws';

/**
 * What the simulated IAM's operation modules share: finding users and devices as IAM names them, and
 * the shapes IAM returns for them.
 */

/** IAM's page size when MaxItems is not given. */
export const DEFAULT_MAX_ITEMS = 100;

/** When a fixture user was created, if the fixture does not say. */
export const DEFAULT_CREATE_DATE = '2024-01-01T00:00:00Z';

/** One IAM operation of the simulation. */
export type IamOperation = (input: Record<string, unknown>, ctx: ServiceContext) => object | Promise<object>;

export function serialOf(account: AccountFixture, device: VirtualMfaDeviceFixture): string {
  return virtualMfaDeviceArn('aws', account.id, device.path, device.name);
}

export function findUser(account: AccountFixture, userName: unknown): UserFixture {
  const user = account.iam.users.find((u) => u.userName === userName);
  if (user === undefined) {
    throw awsError('iam', 'NoSuchEntity', `The user with name ${String(userName)} cannot be found.`);
  }
  return user;
}

export function findDevice(account: AccountFixture, serialNumber: unknown): VirtualMfaDeviceFixture {
  const device = account.iam.virtualMfaDevices.find((d) => serialOf(account, d) === serialNumber);
  if (device === undefined) {
    throw awsError(
      'iam',
      'NoSuchEntity',
      `VirtualMFADevice with serial number ${String(serialNumber)} doesn't exist.`,
    );
  }
  return device;
}

/** IAM acts on the caller's own account: a serial number of another account is refused by policy. */
export function requireOwnAccount(ctx: ServiceContext, serialNumber: unknown, action: string): void {
  const match = /^arn:aws:iam::(\d{12}):mfa\//.exec(String(serialNumber));
  if (match === null) {
    throw awsError('iam', 'ValidationError', `Invalid serial number ${String(serialNumber)}`);
  }
  if (match[1] !== ctx.account.id) {
    throw awsError(
      'iam',
      'AccessDenied',
      `User: ${ctx.caller.sessionArn} is not authorized to perform: iam:${action} on resource: ${String(serialNumber)}`,
    );
  }
}

export function userArn(account: AccountFixture, user: UserFixture): string {
  return `arn:aws:iam::${account.id}:user${user.path}${user.userName}`;
}

/** When `user` was created. */
export function userCreateDate(user: UserFixture): Date {
  return new Date(user.createDate ?? DEFAULT_CREATE_DATE);
}

/** IAM's unique id of `user`: its own, or for a fixture user without one, derived from account and name. */
export function userIdOf(account: AccountFixture, user: UserFixture): string {
  return (
    user.userId ??
    `AIDA${createHash('sha256').update(`${account.id}/${user.userName}`).digest('hex').slice(0, 17).toUpperCase()}`
  );
}

/** A fresh unique id for a new user, as CreateUser assigns one: never that of an earlier user. */
export function newUserId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `AIDA${Array.from(randomBytes(17), (byte) => alphabet[byte % 32]).join('')}`;
}

export function userSummary(account: AccountFixture, user: UserFixture) {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: userIdOf(account, user),
    Arn: userArn(account, user),
    CreateDate: userCreateDate(user),
  };
}

export function tagList(tags: Record<string, string> | undefined) {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * IAM's Marker/MaxItems paging over `items`: the Marker is opaque to callers (here, an offset).
 * MaxItems must be 1 to `maxItemsLimit`.
 */
export function page<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  maxItemsLimit = 1000,
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const maxItems = Number(input.MaxItems ?? DEFAULT_MAX_ITEMS);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > maxItemsLimit) {
    throw awsError(
      'iam',
      'ValidationError',
      `1 validation error detected: Value '${String(input.MaxItems)}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to ${maxItemsLimit}`,
    );
  }
  const start = input.Marker === undefined ? 0 : Number.parseInt(String(input.Marker), 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw awsError('iam', 'ValidationError', 'Invalid Marker');
  }
  const slice = items.slice(start, start + maxItems);
  const next = start + slice.length;
  return {
    page: slice,
    IsTruncated: next < items.length,
    ...(next < items.length ? { Marker: String(next) } : {}),
  };
}
