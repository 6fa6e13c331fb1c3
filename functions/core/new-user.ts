import type { IamApiCall } from './cloudtrail-event';
import { InvalidEventError } from './errors';
import { ACCOUNT_ID, IAM_PATH, USER_NAME } from './iam-names';
import type { Partition } from './naming';
import { quote } from './quote';

/** An IAM user whose creation CloudTrail recorded, as the provisioning step receives it. */
export interface NewUser {
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
export function identifyNewUser(call: IamApiCall): NewUser {
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

/** Reads a {@link NewUser} back from workflow state, checking it as the provisioning function's input. */
export function readNewUser(input: unknown): NewUser {
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
