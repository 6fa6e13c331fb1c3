import { parseTimestamp } from './compliance/time';
import { InvalidEventError } from './errors';
import { ACCOUNT_ID } from './iam-names';
import { quote } from './quote';
import { IAM_HOME_REGION_BY_PARTITION, partitionOfRegion, type Partition } from './naming';

/** An IAM API call as recorded by CloudTrail and delivered by EventBridge, after validation. */
export interface IamApiCall {
  /** The EventBridge event id (differs between redeliveries of the same CloudTrail record). */
  readonly eventId: string;
  /** CloudTrail's own record id (`detail.eventID`), the same for every delivery of one call. */
  readonly cloudTrailEventId: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly eventName: string;
  /** CloudTrail's `errorCode` for a failed call; absent for a successful one. */
  readonly errorCode?: string;
  readonly requestParameters: Readonly<Record<string, unknown>>;
  /** Who made the call: the identity's ARN, or its type when CloudTrail records no ARN. */
  readonly actor: string;
  /** The calling IAM user's name, when an IAM user (not a role or root) made the call. */
  readonly callerUserName?: string;
  /** When the call was made (CloudTrail `eventTime`, normalized to ISO 8601 UTC). */
  readonly eventTime?: string;
}

/** EventBridge rejects events over 256 KB; anything larger did not come from it. */
const MAX_EVENT_BYTES = 256 * 1024;
/** Generous bound for the identifiers and names orgmfa reads; IAM's own limits are lower. */
const MAX_FIELD_LENGTH = 2048;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(reason: string): never {
  throw new InvalidEventError(reason);
}

function readString(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) reject(`${where}${key} is missing or not a string`);
  if (value.length > MAX_FIELD_LENGTH) reject(`${where}${key} is longer than ${MAX_FIELD_LENGTH} characters`);
  return value;
}

function readOptionalString(obj: Json, key: string, where: string): string | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : readString(obj, key, where);
}

function callerUserNameOf(detail: Json): string | undefined {
  const identity = detail.userIdentity;
  if (!isRecord(identity) || identity.type !== 'IAMUser' || typeof identity.userName !== 'string')
    return undefined;
  return identity.userName.length <= 64 ? identity.userName : undefined;
}

function actorOf(detail: Json): string {
  const identity = detail.userIdentity;
  if (!isRecord(identity)) return 'unknown';
  const arn = identity.arn;
  if (typeof arn === 'string' && arn.length <= MAX_FIELD_LENGTH) return arn;
  return typeof identity.type === 'string' ? identity.type.slice(0, 64) : 'unknown';
}

/**
 * Validates an EventBridge "AWS API Call via CloudTrail" event from IAM and returns its parts.
 * The event must come from `hubPartition` and from that partition's IAM home region, where IAM
 * delivers its events; its account fields must agree with each other. Throws
 * {@link InvalidEventError} with the reason otherwise.
 */
export function readIamApiCall(event: unknown, hubPartition: Partition): IamApiCall {
  if (!isRecord(event)) reject('the event is not a JSON object');
  if (Buffer.byteLength(JSON.stringify(event), 'utf8') > MAX_EVENT_BYTES) {
    reject('the event is larger than EventBridge allows (256 KB)');
  }
  if (event.source !== 'aws.iam') reject(`source is ${quote(event.source)}, not "aws.iam"`);
  if (event['detail-type'] !== 'AWS API Call via CloudTrail') {
    reject(`detail-type is ${quote(event['detail-type'])}, not "AWS API Call via CloudTrail"`);
  }
  const eventId = readString(event, 'id', '');
  const accountId = readString(event, 'account', '');
  if (!ACCOUNT_ID.test(accountId)) reject(`account ${quote(accountId)} is not a 12-digit account id`);
  const region = readString(event, 'region', '');
  const partition = partitionOfRegion(region);
  if (partition === undefined) reject(`region ${quote(region)} is not a region of a supported partition`);
  if (partition !== hubPartition) {
    reject(`the event comes from partition ${partition}; this hub serves ${hubPartition}`);
  }
  if (region !== IAM_HOME_REGION_BY_PARTITION[partition]) {
    reject(
      `IAM events of partition ${partition} come from ${IAM_HOME_REGION_BY_PARTITION[partition]}, not ${region}`,
    );
  }

  const detail = event.detail;
  if (!isRecord(detail)) reject('detail is missing or not an object');
  if (detail.eventSource !== 'iam.amazonaws.com') {
    reject(`detail.eventSource is ${quote(detail.eventSource)}, not "iam.amazonaws.com"`);
  }
  const eventName = readString(detail, 'eventName', 'detail.');
  const recipient = readOptionalString(detail, 'recipientAccountId', 'detail.');
  if (recipient !== undefined && recipient !== accountId) {
    reject(`detail.recipientAccountId ${quote(recipient)} does not match the event's account ${accountId}`);
  }
  const awsRegion = readOptionalString(detail, 'awsRegion', 'detail.');
  if (awsRegion !== undefined && awsRegion !== region) {
    reject(`detail.awsRegion ${quote(awsRegion)} does not match the event's region ${region}`);
  }
  const requestParameters = detail.requestParameters ?? {};
  if (!isRecord(requestParameters)) reject('detail.requestParameters is not an object');
  const errorCode = readOptionalString(detail, 'errorCode', 'detail.');
  const rawTime = readOptionalString(detail, 'eventTime', 'detail.');
  const eventTime = rawTime === undefined ? undefined : parseTimestamp(rawTime);
  if (rawTime !== undefined && eventTime === undefined) {
    reject(`detail.eventTime ${quote(rawTime)} is not an ISO 8601 time with a zone`);
  }

  return {
    eventId,
    cloudTrailEventId: readOptionalString(detail, 'eventID', 'detail.') ?? eventId,
    accountId,
    region,
    partition,
    eventName,
    ...(errorCode === undefined ? {} : { errorCode }),
    requestParameters,
    actor: actorOf(detail),
    ...(callerUserNameOf(detail) === undefined ? {} : { callerUserName: callerUserNameOf(detail) }),
    ...(eventTime === undefined ? {} : { eventTime: new Date(eventTime).toISOString() }),
  };
}
