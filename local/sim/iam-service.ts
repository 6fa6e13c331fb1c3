import { generateSecret } from 'otplib';
import { IAM_PATH, USER_NAME, VIRTUAL_MFA_DEVICE_NAME } from '../../functions/core/iam-names';
import { awsError } from './aws-errors';
import { CREDENTIAL_OPERATIONS } from './iam-credentials';
import type { UserFixture, VirtualMfaDeviceFixture } from './fixture';
import { ACCOUNT_SUMMARY_OPERATIONS } from './iam-account-summary';
import { AUTHORIZATION_DETAILS_OPERATIONS } from './iam-authorization-details';
import { CREDENTIAL_REPORT_OPERATIONS } from './iam-credential-report';
import {
  DEFAULT_MAX_ITEMS,
  findDevice,
  findUser,
  newUserId,
  requireOwnAccount,
  serialOf,
  tagList,
  userCreateDate,
  userSummary,
  type IamOperation,
} from './iam-entities';
import { readTags, TAG_OPERATIONS } from './iam-tags';
import { deleteUser, USER_ATTACHMENT_OPERATIONS } from './iam-user-attachments';
import { simulatedTotpCode, simulatedTotpWindow } from './totp';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

/** IAM's per-user limit on MFA devices. */
const MAX_MFA_DEVICES_PER_USER = 8;

/**
 * How far the second code of an `EnableMFADevice` pair may be from the current TOTP window. AWS
 * documents that IAM tolerates some clock drift without saying how much; the simulation accepts one
 * window either side, and nothing wider, so that orgmfa cannot come to depend on more.
 */
export const ENABLE_MFA_DRIFT_WINDOWS = 1;

/**
 * IAM for one account: virtual MFA devices and users, with AWS's rules — `ListVirtualMFADevices`
 * lists both kinds unless `AssignmentStatus` says otherwise, deleting an assigned device is a
 * `DeleteConflict`, a name clash is `EntityAlreadyExists`, and `EnableMFADevice` checks two
 * consecutive TOTP codes against the device's seed. The credential report (iam-credential-report.ts),
 * GetAccountAuthorizationDetails and ListUserTags (iam-authorization-details.ts), GetAccountSummary
 * (iam-account-summary.ts) and MFA device tags (iam-tags.ts) are in modules of their own. A user's
 * `mfaDevices` (hardware tokens, FIDO security keys and passkeys, `arn:aws:iam::<account>:u2f/…`) show
 * in ListMFADevices and count as MFA in the credential report, which does not say which kind.
 */
export const iamService: ServiceHandler = (operation, input, ctx) => {
  const handler = OPERATIONS[operation];
  if (handler === undefined) throw awsError('iam', 'InvalidAction', `iam:${operation} is not simulated`);
  return handler(input, ctx);
};

const OPERATIONS: Record<string, IamOperation> = {
  ListVirtualMFADevices: listVirtualMfaDevices,
  CreateVirtualMFADevice: createVirtualMfaDevice,
  DeleteVirtualMFADevice: deleteVirtualMfaDevice,
  EnableMFADevice: enableMfaDevice,
  DeactivateMFADevice: deactivateMfaDevice,
  ListMFADevices: listMfaDevices,
  GetUser: getUser,
  CreateUser: createUser,
  DeleteUser: deleteUser,
  DeleteLoginProfile: deleteLoginProfile,
  CreateLoginProfile: createLoginProfile,
  ...CREDENTIAL_REPORT_OPERATIONS,
  ...AUTHORIZATION_DETAILS_OPERATIONS,
  ...ACCOUNT_SUMMARY_OPERATIONS,
  ...TAG_OPERATIONS,
  ...CREDENTIAL_OPERATIONS,
  ...USER_ATTACHMENT_OPERATIONS,
};

function listVirtualMfaDevices(input: Record<string, unknown>, { account }: ServiceContext): object {
  const status = input.AssignmentStatus ?? 'Any';
  if (status !== 'Assigned' && status !== 'Unassigned' && status !== 'Any') {
    throw awsError(
      'iam',
      'ValidationError',
      `1 validation error detected: Value '${String(status)}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`,
    );
  }
  const selected = account.iam.virtualMfaDevices.filter(
    (d) => status === 'Any' || (status === 'Assigned') === (d.assignedTo !== null),
  );
  const start = input.Marker === undefined ? 0 : Number.parseInt(String(input.Marker), 10);
  if (!Number.isInteger(start) || start < 0 || start > selected.length) {
    throw awsError('iam', 'ValidationError', 'Invalid Marker');
  }
  const maxItems = Number(input.MaxItems ?? DEFAULT_MAX_ITEMS);
  const page = selected.slice(start, start + maxItems);
  const next = start + page.length;
  return {
    VirtualMFADevices: page.map((d) => {
      const user = d.assignedTo === null ? undefined : findUser(account, d.assignedTo);
      return {
        SerialNumber: serialOf(account, d),
        // No Tags: "this operation does not return tags" (ListMFADeviceTags does). An assigned device
        // always carries the date it was enabled.
        ...(user === undefined
          ? {}
          : { User: userSummary(account, user), EnableDate: enableDateOf(d, user) }),
      };
    }),
    IsTruncated: next < selected.length,
    ...(next < selected.length ? { Marker: String(next) } : {}),
  };
}

/**
 * When an assigned device was enabled: IAM always says (EnableDate is required in an MFADevice). A fixture
 * that does not state it gets the user's creation, the earliest it can have been.
 */
function enableDateOf(device: VirtualMfaDeviceFixture, user: UserFixture): Date {
  return device.enableDate === undefined ? userCreateDate(user) : new Date(device.enableDate);
}

function createVirtualMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  const { account } = ctx;
  const name = input.VirtualMFADeviceName;
  const path = input.Path ?? '/';
  if (typeof name !== 'string' || !VIRTUAL_MFA_DEVICE_NAME.test(name)) {
    throw awsError('iam', 'ValidationError', `Invalid virtual MFA device name ${JSON.stringify(name)}`);
  }
  if (typeof path !== 'string' || !IAM_PATH.test(path)) {
    throw awsError('iam', 'ValidationError', `Invalid path ${JSON.stringify(path)}`);
  }
  if (account.iam.virtualMfaDevices.some((d) => d.name === name && d.path === path)) {
    throw awsError(
      'iam',
      'EntityAlreadyExists',
      'MFADevice entity at the same path and name already exists.',
    );
  }
  // Tags follow IAM's rules (a value may not hold a comma, for one), checked before anything is created.
  const tags =
    input.Tags === undefined ? undefined : Object.fromEntries(readTags(input).map((t) => [t.Key, t.Value]));
  const seed = generateSecret({ length: 40 });
  ctx.sim.issuedSeeds.push(seed);
  const device: VirtualMfaDeviceFixture = {
    name,
    path,
    assignedTo: null,
    seed,
    ...(tags === undefined ? {} : { tags }),
  };
  account.iam.virtualMfaDevices.push(device);
  return {
    VirtualMFADevice: {
      SerialNumber: serialOf(account, device),
      // IAM returns the seed as the bytes of its base32 text.
      Base32StringSeed: new TextEncoder().encode(seed),
      ...(tags === undefined ? {} : { Tags: tagList(tags) }),
    },
  };
}

function deleteVirtualMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  requireOwnAccount(ctx, input.SerialNumber, 'DeleteVirtualMFADevice');
  const device = findDevice(ctx.account, input.SerialNumber);
  if (device.assignedTo !== null) {
    throw awsError('iam', 'DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
  }
  ctx.account.iam.virtualMfaDevices = ctx.account.iam.virtualMfaDevices.filter((d) => d !== device);
  return {};
}

function enableMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(ctx.account, input.UserName);
  requireOwnAccount(ctx, input.SerialNumber, 'EnableMFADevice');
  const device = findDevice(ctx.account, input.SerialNumber);
  if (device.assignedTo !== null) {
    throw awsError('iam', 'EntityAlreadyExists', 'MFA Device is already in use.');
  }
  const held = ctx.account.iam.virtualMfaDevices.filter((d) => d.assignedTo === user.userName).length;
  if (held >= MAX_MFA_DEVICES_PER_USER) {
    throw awsError(
      'iam',
      'LimitExceeded',
      `Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_DEVICES_PER_USER}`,
    );
  }
  const [code1, code2] = [input.AuthenticationCode1, input.AuthenticationCode2];
  if (
    typeof code1 !== 'string' ||
    typeof code2 !== 'string' ||
    !/^\d{6}$/.test(code1) ||
    !/^\d{6}$/.test(code2)
  ) {
    throw awsError('iam', 'ValidationError', 'Authentication codes must be six digits.');
  }
  if (device.seed === undefined || !isConsecutivePair(device.seed, code1, code2, ctx.sim.clock())) {
    throw awsError('iam', 'InvalidAuthenticationCode', 'Authentication code for device is not valid.');
  }
  device.assignedTo = user.userName;
  device.enableDate = ctx.sim.clock().toISOString();
  return {};
}

/** True when code2 is the window right after code1's, and code2's window is within the drift allowed. */
function isConsecutivePair(seed: string, code1: string, code2: string, now: Date): boolean {
  const current = simulatedTotpWindow(now.getTime());
  for (
    let second = current - ENABLE_MFA_DRIFT_WINDOWS;
    second <= current + ENABLE_MFA_DRIFT_WINDOWS;
    second++
  ) {
    if (simulatedTotpCode(seed, second - 1) === code1 && simulatedTotpCode(seed, second) === code2)
      return true;
  }
  return false;
}

function deactivateMfaDevice(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(ctx.account, input.UserName);
  requireOwnAccount(ctx, input.SerialNumber, 'DeactivateMFADevice');
  const device = findDevice(ctx.account, input.SerialNumber);
  if (device.assignedTo !== user.userName) {
    throw awsError(
      'iam',
      'NoSuchEntity',
      `MFA Device with serial number ${String(input.SerialNumber)} does not exist for user ${user.userName}.`,
    );
  }
  device.assignedTo = null;
  delete device.enableDate;
  return {};
}

function listMfaDevices(input: Record<string, unknown>, ctx: ServiceContext): object {
  const userName = input.UserName ?? (ctx.caller.kind === 'user' ? ctx.caller.name : undefined);
  if (typeof userName !== 'string' || !USER_NAME.test(userName)) {
    throw awsError('iam', 'ValidationError', 'UserName is required for a role session.');
  }
  const user = findUser(ctx.account, userName);
  return {
    MFADevices: [
      ...ctx.account.iam.virtualMfaDevices
        .filter((d) => d.assignedTo === user.userName)
        .map((d) => ({
          UserName: user.userName,
          SerialNumber: serialOf(ctx.account, d),
          EnableDate: enableDateOf(d, user),
        })),
      // Hardware and FIDO devices, which fixtures name by serial number (and date by the user's creation).
      ...(user.mfaDevices ?? []).map((serial) => ({
        UserName: user.userName,
        SerialNumber: serial,
        EnableDate: userCreateDate(user),
      })),
    ],
    IsTruncated: false,
  };
}

function getUser(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(
    ctx.account,
    input.UserName ?? (ctx.caller.kind === 'user' ? ctx.caller.name : undefined),
  );
  return {
    User: {
      ...userSummary(ctx.account, user),
      ...(Object.keys(user.tags).length === 0 ? {} : { Tags: tagList(user.tags) }),
    },
  };
}

function createUser(input: Record<string, unknown>, ctx: ServiceContext): object {
  const { UserName: userName, Path: path = '/' } = input;
  if (
    typeof userName !== 'string' ||
    !USER_NAME.test(userName) ||
    typeof path !== 'string' ||
    !IAM_PATH.test(path)
  ) {
    throw awsError('iam', 'ValidationError', 'Invalid user name or path.');
  }
  if (ctx.account.iam.users.some((u) => u.userName.toLowerCase() === userName.toLowerCase())) {
    throw awsError('iam', 'EntityAlreadyExists', `User with name ${userName} already exists.`);
  }
  const tags = Array.isArray(input.Tags)
    ? Object.fromEntries((input.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]))
    : {};
  const user: UserFixture = {
    userName,
    path,
    // Never the id of an earlier user of that name: policies keyed on aws:userid see a new user.
    userId: newUserId(),
    consolePassword: false,
    accessKeys: [],
    tags,
    createDate: ctx.sim.clock().toISOString(),
  };
  ctx.account.iam.users.push(user);
  return { User: userSummary(ctx.account, user) };
}

function deleteLoginProfile(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(ctx.account, input.UserName);
  if (!user.consolePassword) {
    throw awsError('iam', 'NoSuchEntity', `Login Profile for User ${user.userName} cannot be found.`);
  }
  user.consolePassword = false;
  delete user.password;
  delete user.passwordResetRequired;
  delete user.passwordLastChanged;
  return {};
}

function createLoginProfile(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(ctx.account, input.UserName);
  if (user.consolePassword) {
    throw awsError('iam', 'EntityAlreadyExists', `Login Profile for user ${user.userName} already exists.`);
  }
  const password = input.Password;
  // IAM's default password policy: at least 8 characters of at least three character classes.
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z\d]/].filter(
    (c) => typeof password === 'string' && c.test(password),
  );
  if (typeof password !== 'string' || password.length < 8 || classes.length < 3) {
    throw awsError(
      'iam',
      'PasswordPolicyViolation',
      'Password does not conform to the account password policy.',
    );
  }
  user.consolePassword = true;
  user.passwordLastChanged = ctx.sim.clock().toISOString();
  user.password = password;
  user.passwordResetRequired = input.PasswordResetRequired === true;
  return {
    LoginProfile: {
      UserName: user.userName,
      CreateDate: ctx.sim.clock(),
      PasswordResetRequired: user.passwordResetRequired,
    },
  };
}
