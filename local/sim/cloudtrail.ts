import { randomUUID } from 'node:crypto';

/** A call to describe as CloudTrail records it. */
export interface RecordedIamCall {
  readonly accountId: string;
  /** The IAM user who made the call (a person at the console). */
  readonly userName: string;
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown>;
  /** CloudTrail's errorCode and errorMessage for a failed call. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly time: Date;
}

/**
 * The EventBridge event that a member account's forwarding rule delivers for an IAM call made at the
 * console: the "AWS API Call via CloudTrail" envelope from us-east-1 around CloudTrail's record.
 */
export function cloudTrailEvent(call: RecordedIamCall): Record<string, unknown> {
  const eventTime = call.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: call.accountId,
    time: eventTime,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE0000000001',
        arn: `arn:aws:iam::${call.accountId}:user/${call.userName}`,
        accountId: call.accountId,
        accessKeyId: 'ASIAEXAMPLE000000001',
        userName: call.userName,
      },
      eventTime,
      eventSource: 'iam.amazonaws.com',
      eventName: call.eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      ...(call.error === undefined ? {} : { errorCode: call.error.code, errorMessage: call.error.message }),
      requestParameters: call.requestParameters,
      responseElements: null,
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.accountId,
      eventCategory: 'Management',
      sessionCredentialFromConsole: 'true',
    },
  };
}
