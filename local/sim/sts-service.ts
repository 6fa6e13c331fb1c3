import { createHash } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { virtualMfaDeviceArn } from '../../functions/core/orphan';
import { awsError } from './aws-errors';
import type { AccountFixture } from './fixture';
import { findUser, userArn, userIdOf } from './iam-entities';
import { trustPolicyAllows, type TrustRequest } from './iam-trust-policy';
import type { ServiceContext, ServiceHandler } from './simulated-aws';
import { simulatedTotpCode, simulatedTotpWindow } from './totp';

/** A role ARN: the account, the path (`/` or `/…/`) and the role name. */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7E]*\/)?)([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** AssumeRole's ExternalId: 2 to 1224 characters of `[\w+=,.@:/-]`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** GetSessionToken's duration limits for an IAM user (the simulation has no root user). */
const SESSION_TOKEN_SECONDS = { min: 900, max: 129_600, default: 43_200 } as const;

/**
 * AssumeRole's DurationSeconds: 900 to 43200, default 3600; at most the role's MaxSessionDuration;
 * and at most an hour when the caller signs with temporary credentials. The last is AWS's "role
 * chaining" limit, which STS applies to AssumeRole called with GetSessionToken credentials too
 * (ValidationError "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed
 * by role chaining.", as reported by aws-vault #263 and aws-runas #11).
 */
const ASSUME_ROLE_SECONDS = { min: 900, max: 43_200, default: 3600, chained: 3600 } as const;

/**
 * How many 30-second windows either side of now a GetSessionToken code may come from. AWS does not
 * document its tolerance; like the simulated EnableMFADevice, the simulation accepts one window.
 */
export const SESSION_TOKEN_DRIFT_WINDOWS = 1;

/**
 * STS: AssumeRole of the member role with its trust policy enforced (the caller must be one of the
 * hub's trusted roles, in an account of the organization; the role exists only where the member stack
 * is deployed) and of the fixture's roles with their own trust policies (local/sim/iam-trust-policy.ts)
 * and the MFA context of the caller's session; GetCallerIdentity; and GetSessionToken for IAM users
 * with their MFA device's code checked against the device's seed.
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
  if (caller.kind === 'user') return userIdOf(account, findUser(account, caller.name));
  return `AROA${createHash('sha256').update(`${account.id}/${caller.name}`).digest('hex').slice(0, 17).toUpperCase()}:${caller.sessionArn.split('/').pop()!}`;
}

function validationError(field: string, value: unknown, constraint: string): Error {
  return awsError(
    'sts',
    'ValidationError',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

function assumeRole(input: Record<string, unknown>, ctx: ServiceContext): object {
  const { sim, caller } = ctx;
  const roleArn = String(input.RoleArn ?? '');
  const sessionName = String(input.RoleSessionName ?? '');
  const duration = Number(input.DurationSeconds ?? ASSUME_ROLE_SECONDS.default);
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      'roleSessionName',
      sessionName,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  if (input.ExternalId !== undefined && !EXTERNAL_ID.test(String(input.ExternalId))) {
    throw validationError(
      'externalId',
      input.ExternalId,
      'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
    );
  }
  if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
    throw awsError('sts', 'InvalidAction', 'sts:AssumeRole with SerialNumber and TokenCode is not simulated');
  }
  if (!(
    Number.isInteger(duration) &&
    duration >= ASSUME_ROLE_SECONDS.min &&
    duration <= ASSUME_ROLE_SECONDS.max
  )) {
    throw validationError(
      'durationSeconds',
      input.DurationSeconds,
      `Member must have value between ${ASSUME_ROLE_SECONDS.min} and ${ASSUME_ROLE_SECONDS.max}`,
    );
  }
  if (caller.temporary && duration > ASSUME_ROLE_SECONDS.chained) {
    throw awsError(
      'sts',
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
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
  const [, accountId, path, roleName] = match;
  const target = sim.account(accountId!);
  if (target === undefined || target.status !== 'ACTIVE') throw denied();
  const expiration = new Date(sim.clock().getTime() + duration * 1000);
  const role = target.iam.roles?.find((r) => r.roleName === roleName && r.path === path);
  let credentials;
  if (roleName === sim.memberRoleName && path === '/' && target.memberStack) {
    // The member role's trust policy: Principal is the hub account with aws:PrincipalArn in the hub's
    // role list and aws:PrincipalOrgID = the organization.
    const trusted =
      caller.kind === 'role' &&
      caller.accountId === sim.state.hubAccountId &&
      sim.trustedHubRoleNames.includes(caller.name);
    if (!trusted) throw denied();
    credentials = sim.issueSession(accountId!, roleName!, sessionName);
  } else if (role !== undefined) {
    if (!trustPolicyAllows(role.assumeRolePolicyDocument, trustRequest(input, ctx))) throw denied();
    if (duration > role.maxSessionDuration) {
      throw awsError(
        'sts',
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    // The MFA of the caller's session stays with the role session (a role assumed from it is assumed
    // with MFA), so a chained role whose trust requires MFA sees it too.
    credentials = sim.issueSession(accountId!, roleName!, sessionName, {
      ...(caller.mfaAuthenticatedAt === undefined ? {} : { mfaAuthenticatedAt: caller.mfaAuthenticatedAt }),
      expiresAt: expiration.getTime(),
    });
  } else {
    // A role that does not exist is refused like one whose trust policy does not admit the caller.
    throw denied();
  }
  return {
    Credentials: stsCredentials(credentials, expiration),
    AssumedRoleUser: {
      AssumedRoleId: `AROA${accountId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
}

/** The caller and the request as a trust policy sees them. */
function trustRequest(
  input: Record<string, unknown>,
  { sim, caller, account }: ServiceContext,
): TrustRequest {
  const context = new Map<string, string>();
  if (caller.mfaAuthenticatedAt !== undefined) {
    context.set('aws:multifactorauthpresent', 'true');
    context.set(
      'aws:multifactorauthage',
      String(Math.floor((sim.clock().getTime() - caller.mfaAuthenticatedAt) / 1000)),
    );
  } else if (caller.temporary) {
    context.set('aws:multifactorauthpresent', 'false');
  }
  if (input.ExternalId !== undefined) context.set('sts:externalid', String(input.ExternalId));
  const principalArns =
    caller.kind === 'user'
      ? [userArn(account, findUser(account, caller.name))]
      : [caller.sessionArn, roleArnOf(account, caller.name)];
  return { accountId: caller.accountId, principalArns, context };
}

/** The ARN of the caller's role (sessions name the role without its path). */
function roleArnOf(account: AccountFixture, roleName: string): string {
  const role = account.iam.roles?.find((r) => r.roleName === roleName);
  return `arn:aws:iam::${account.id}:role${role?.path ?? '/'}${roleName}`;
}

function getSessionToken(input: Record<string, unknown>, { sim, caller, account }: ServiceContext): object {
  if (caller.kind !== 'user' || caller.temporary) {
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
    const window = simulatedTotpWindow(sim.clock().getTime());
    const codes = [];
    for (let w = window - SESSION_TOKEN_DRIFT_WINDOWS; w <= window + SESSION_TOKEN_DRIFT_WINDOWS; w++)
      codes.push(simulatedTotpCode(device.seed, w));
    if (!codes.includes(code)) {
      throw awsError(
        'sts',
        'AccessDenied',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      );
    }
  }
  const now = sim.clock().getTime();
  const expiration = new Date(now + duration * 1000);
  const credentials = sim.issueUserSession(account.id, caller.name, {
    ...(code === undefined ? {} : { mfaAuthenticatedAt: now }),
    expiresAt: expiration.getTime(),
  });
  return { Credentials: stsCredentials(credentials, expiration) };
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
