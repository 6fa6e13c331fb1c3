import { randomUUID } from 'node:crypto';

/** Who made a call, as CloudTrail's `userIdentity` records it. */
export type CallerIdentity =
  /** An IAM user (a person at the console, or with access keys). */
  | { readonly type: 'IAMUser'; readonly userName: string; readonly path?: string }
  /** A role session: an administrator through IAM Identity Center or a switched role, or a service. */
  | { readonly type: 'AssumedRole'; readonly roleName: string; readonly sessionName: string };

/** A call to describe as CloudTrail records it. */
export interface RecordedIamCall {
  readonly accountId: string;
  /** The IAM user who made the call (a person at the console); `caller` names anyone else. */
  readonly userName?: string;
  /** Who made the call, when not the IAM user `userName`. */
  readonly caller?: CallerIdentity;
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown>;
  /** CloudTrail's responseElements of a successful call (null for calls that return nothing of note). */
  readonly responseElements?: Record<string, unknown> | null;
  /** CloudTrail's errorCode and errorMessage for a failed call. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly time: Date;
}

function userIdentity(accountId: string, caller: CallerIdentity): Record<string, unknown> {
  if (caller.type === 'IAMUser') {
    return {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE0000000001',
      arn: `arn:aws:iam::${accountId}:user${caller.path ?? '/'}${caller.userName}`,
      accountId,
      accessKeyId: 'ASIAEXAMPLE000000001',
      userName: caller.userName,
    };
  }
  // CloudTrail names a role session by the role and the session, never by the person behind it.
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE000000001:${caller.sessionName}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`,
    accountId,
    accessKeyId: 'ASIAEXAMPLE000000002',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLE000000001',
        arn: `arn:aws:iam::${accountId}:role/${caller.roleName}`,
        accountId,
        userName: caller.roleName,
      },
      attributes: { creationDate: new Date(0).toISOString(), mfaAuthenticated: 'true' },
    },
  };
}

/**
 * The EventBridge event that a member account's forwarding rule delivers for an IAM call: the "AWS API
 * Call via CloudTrail" envelope from us-east-1 around CloudTrail's record. A successful
 * CreateVirtualMFADevice gets CloudTrail's responseElements (the new device's serial number) unless
 * the call states its own.
 */
export function cloudTrailEvent(call: RecordedIamCall): Record<string, unknown> {
  const eventTime = call.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const caller: CallerIdentity = call.caller ?? { type: 'IAMUser', userName: call.userName ?? 'unknown' };
  const created =
    call.eventName === 'CreateVirtualMFADevice' && call.error === undefined
      ? {
          virtualMFADevice: {
            serialNumber: `arn:aws:iam::${call.accountId}:mfa${String(call.requestParameters.path ?? '/')}${String(call.requestParameters.virtualMFADeviceName)}`,
          },
        }
      : null;
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
      userIdentity: userIdentity(call.accountId, caller),
      eventTime,
      eventSource: 'iam.amazonaws.com',
      eventName: call.eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      ...(call.error === undefined ? {} : { errorCode: call.error.code, errorMessage: call.error.message }),
      requestParameters: call.requestParameters,
      responseElements: call.responseElements === undefined ? created : call.responseElements,
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
