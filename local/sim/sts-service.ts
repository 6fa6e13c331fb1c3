import { createHash } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { virtualMfaDeviceArn } from '../../functions/core/orphan';
import { awsError } from './aws-errors';
import { userIdOf } from './iam-entities';
import type { ServiceContext, ServiceHandler } from './simulated-aws';
import { simulatedTotpCode, simulatedTotpWindow } from './totp';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** GetSessionToken's duration limits for an IAM user (the simulation has no root user). */
const SESSION_TOKEN_SECONDS = { min: 900, max: 129_600, default: 43_200 } as const;

/**
 * How many 30-second windows either side of now a GetSessionToken code may come from. AWS does not
 * document its tolerance; like the simulated EnableMFADevice, the simulation accepts one window.
 */
export const SESSION_TOKEN_DRIFT_WINDOWS = 1;

/**
 * STS: AssumeRole with the member role's trust policy enforced (the caller must be one of the hub's
 * trusted roles, in an account of the organization; the role exists only where the member stack is
 * deployed), GetCallerIdentity, and GetSessionToken for IAM users with their MFA device's code
 * checked against the device's seed.
 */
export const stsService: ServiceHandler = (operation, input, ctx) => {
  switch (operation) {
    case 'AssumeRole':
      return assumeRole(input, ctx);
    case 'GetSessionToken':
      return getSessionToken(input, ctx);
    case 'GetCallerIdentity':
      return { UserId: callerUserId(ctx), Account: ctx.caller.accountId, Arn: ctx.caller.sessionArn };
    default:
      throw awsError('sts', 'InvalidAction', `sts:${operation} is not simulated`);
  }
};

/**
 * GetCallerIdentity's UserId: for an IAM user, the user's unique id (`AIDA…`, the `aws:userid` policy
 * variable); for a role session, the role's id and the session name (`AROA…:session`).
 */
function callerUserId({ caller, account }: ServiceContext): string {
  if (caller.kind === 'user') {
    const user = account.iam.users.find((u) => u.userName === caller.name);
    if (user === undefined) {
      throw awsError('sts', 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    return userIdOf(account, user);
  }
  return `AROA${createHash('sha256').update(`${account.id}/${caller.name}`).digest('hex').slice(0, 17).toUpperCase()}:${caller.sessionArn.split('/').pop()!}`;
}

function assumeRole(input: Record<string, unknown>, { sim, caller }: ServiceContext): object {
  const roleArn = String(input.RoleArn ?? '');
  const sessionName = String(input.RoleSessionName ?? '');
  const duration = Number(input.DurationSeconds ?? 3600);
  if (!SESSION_NAME.test(sessionName)) {
    throw awsError(
      'sts',
      'ValidationError',
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  if (!(duration >= 900 && duration <= 43200)) {
    throw awsError(
      'sts',
      'ValidationError',
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }
  const denied = () =>
    awsError(
      'sts',
      'AccessDenied',
      `User: ${caller.sessionArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  const match = ROLE_ARN.exec(roleArn);
  if (match === null) throw denied();
  const [, accountId, roleName] = match;
  const target = sim.account(accountId!);
  const org = sim.state;
  // The trust policy: Principal is the hub account with aws:PrincipalArn in the hub's role list and
  // aws:PrincipalOrgID = the organization. The role exists only where the member stack is deployed.
  const trusted =
    target !== undefined &&
    target.status === 'ACTIVE' &&
    target.memberStack &&
    roleName === sim.memberRoleName &&
    caller.kind === 'role' &&
    caller.accountId === org.hubAccountId &&
    sim.trustedHubRoleNames.includes(caller.name);
  if (!trusted) throw denied();
  const credentials = sim.issueSession(accountId!, roleName!, sessionName);
  return {
    Credentials: stsCredentials(credentials, new Date(sim.clock().getTime() + duration * 1000)),
    AssumedRoleUser: {
      AssumedRoleId: `AROA${accountId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
}

function getSessionToken(input: Record<string, unknown>, { sim, caller, account }: ServiceContext): object {
  if (caller.kind !== 'user') {
    throw awsError('sts', 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
  }
  const duration = Number(input.DurationSeconds ?? SESSION_TOKEN_SECONDS.default);
  if (!(
    Number.isInteger(duration) &&
    duration >= SESSION_TOKEN_SECONDS.min &&
    duration <= SESSION_TOKEN_SECONDS.max
  )) {
    throw awsError(
      'sts',
      'ValidationError',
      `1 validation error detected: Value '${String(input.DurationSeconds)}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${SESSION_TOKEN_SECONDS.min} and ${SESSION_TOKEN_SECONDS.max}`,
    );
  }
  const serial = input.SerialNumber;
  const code = input.TokenCode;
  if (serial !== undefined || code !== undefined) {
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
      throw awsError(
        'sts',
        'ValidationError',
        "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length 6 and contain digits only",
      );
    }
    // The device must be the caller's own, assigned to them.
    const device = account.iam.virtualMfaDevices.find(
      (d) =>
        d.assignedTo === caller.name && virtualMfaDeviceArn('aws', account.id, d.path, d.name) === serial,
    );
    if (device === undefined || device.seed === undefined) {
      throw awsError(
        'sts',
        'AccessDenied',
        'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
      );
    }
    const now = simulatedTotpWindow(sim.clock().getTime());
    const codes = [];
    for (let w = now - SESSION_TOKEN_DRIFT_WINDOWS; w <= now + SESSION_TOKEN_DRIFT_WINDOWS; w++)
      codes.push(simulatedTotpCode(device.seed, w));
    if (!codes.includes(code)) {
      throw awsError(
        'sts',
        'AccessDenied',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      );
    }
  }
  const credentials = sim.issueUserCredentials(account.id, caller.name);
  return {
    Credentials: stsCredentials(credentials, new Date(sim.clock().getTime() + duration * 1000)),
  };
}

/** Issued credentials as STS returns them. */
function stsCredentials(credentials: AwsCredentialIdentity, expiration: Date) {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: expiration,
  };
}
