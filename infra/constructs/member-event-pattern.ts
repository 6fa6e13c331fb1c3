import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { USER_CHANGING_EVENTS } from '../../functions/core/user-target';

/**
 * IAM API calls that orgmfa reacts to when they succeed. A call that failed changed nothing, so these
 * match only events without an `errorCode`.
 */
export const FORWARDED_IAM_EVENT_NAMES = [
  // Provisioning.
  'CreateUser',
  // Re-evaluation: the hub routes exactly these to EvaluateUser (one list for both).
  ...USER_CHANGING_EVENTS,
  // orgmfa's device record: a device removed (by hand or by orgmfa), and a device created, whose
  // creator and time are the evidence the orphan rule decides a later clash on.
  'DeleteVirtualMFADevice',
  'CreateVirtualMFADevice',
] as const;

/** The failed call that reveals an orphaned virtual MFA device: the retry clashes with the orphan's name. */
export const ORPHAN_CLASH_EVENT_NAME = 'CreateVirtualMFADevice';

/**
 * CloudTrail records the clash as `EntityAlreadyExistsException`, but spellings vary between SDKs and
 * the console, so the rule matches on the prefix.
 */
export const ORPHAN_CLASH_ERROR_CODE_PREFIX = 'EntityAlreadyExists';

/**
 * The EventBridge pattern for the IAM CloudTrail events orgmfa needs. Member accounts use it on their
 * us-east-1 default bus to choose what to forward, and the hub uses the very same pattern on the
 * central bus, so that nothing reaches the workflow that a member would not have forwarded.
 *
 * Written as plain EventBridge JSON (not `events.Match` tokens) so it can be read and tested as data.
 */
export function memberIamEventPattern(): EventPattern {
  return {
    source: ['aws.iam'],
    detailType: ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['iam.amazonaws.com'],
      $or: [
        {
          eventName: [ORPHAN_CLASH_EVENT_NAME],
          errorCode: [{ prefix: ORPHAN_CLASH_ERROR_CODE_PREFIX }],
        },
        {
          eventName: [...FORWARDED_IAM_EVENT_NAMES],
          errorCode: [{ exists: false }],
        },
      ],
    },
  };
}
