import type { IamApiCall } from './cloudtrail-event';
import { InvalidEventError } from './errors';
import { ACCOUNT_ID, IAM_PATH, USER_NAME } from './iam-names';
import type { Partition } from './naming';
import { quote } from './quote';

/** An IAM user an event is about, as the provisioning and evaluation steps receive it. */
export interface UserTarget {
  readonly accountId: string;
  readonly partition: Partition;
  readonly userName: string;
  readonly cloudTrailEventId: string;
}

function readUserName(value: unknown): string {
  if (typeof value !== 'string' || !USER_NAME.test(value)) {
    throw new InvalidEventError(
      `userName ${quote(value)} is not a name IAM accepts ([\\w+=,.@-], 1-64 characters)`,
    );
  }
  return value;
}

/**
 * The user a successful `CreateUser` call created. Whoever called (console, CLI, CloudFormation, an
 * assumed admin role), the user is named by the request. Path and tags are not taken from the event:
 * the provisioning step reads them fresh from IAM.
 */
export function identifyNewUser(call: IamApiCall): UserTarget {
  if (call.eventName !== 'CreateUser') throw new InvalidEventError(`${call.eventName} is not CreateUser`);
  if (call.errorCode !== undefined) {
    throw new InvalidEventError(`CreateUser failed with ${call.errorCode}: there is no new user`);
  }
  const path = call.requestParameters.path;
  if (path !== undefined && (typeof path !== 'string' || path.length > 512 || !IAM_PATH.test(path))) {
    throw new InvalidEventError(`requestParameters.path ${quote(path)} is not an IAM path (/ or /…/)`);
  }
  return {
    accountId: call.accountId,
    partition: call.partition,
    userName: readUserName(call.requestParameters.userName),
    cloudTrailEventId: call.cloudTrailEventId,
  };
}

/** Reads a {@link UserTarget} back from workflow state, checking it as a function's input. */
export function readUserTarget(input: unknown): UserTarget {
  if (typeof input !== 'object' || input === null)
    throw new InvalidEventError('the new user is not an object');
  const { accountId, partition, userName, cloudTrailEventId } = input as Record<string, unknown>;
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new InvalidEventError('the new user has no valid accountId');
  }
  if (partition !== 'aws' && partition !== 'aws-us-gov' && partition !== 'aws-cn') {
    throw new InvalidEventError('the new user has no valid partition');
  }
  return {
    accountId,
    partition,
    userName: readUserName(userName),
    cloudTrailEventId: typeof cloudTrailEventId === 'string' ? cloudTrailEventId : 'unknown',
  };
}

/**
 * The IAM events after which a user's compliance may have changed, so the user is re-evaluated. For
 * key and password events a user may act on itself, in which case the request names no user.
 */
export const USER_CHANGING_EVENTS = [
  'DeleteUser',
  'EnableMFADevice',
  'DeactivateMFADevice',
  'CreateLoginProfile',
  'DeleteLoginProfile',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
] as const;

/** The user whose compliance a successful user-changing call may have changed. */
export function identifyChangedUser(call: IamApiCall): UserTarget {
  if (!(USER_CHANGING_EVENTS as readonly string[]).includes(call.eventName)) {
    throw new InvalidEventError(`${call.eventName} does not change a user's MFA compliance`);
  }
  if (call.errorCode !== undefined) {
    throw new InvalidEventError(`${call.eventName} failed with ${call.errorCode}: nothing changed`);
  }
  const named = call.requestParameters.userName ?? call.callerUserName;
  if (named === undefined) {
    throw new InvalidEventError(`${call.eventName} names no user, and the caller is not an IAM user`);
  }
  return {
    accountId: call.accountId,
    partition: call.partition,
    userName: readUserName(named),
    cloudTrailEventId: call.cloudTrailEventId,
  };
}
