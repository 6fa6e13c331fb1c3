import { DeleteVirtualMFADeviceCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { WorkflowAction } from '../core/actions';
import { withClaim } from '../core/device-claim';
import { DeviceInTheWayError, ThrottledError } from '../core/errors';
import { CREATION_TAG_KEY, memberSessionArn } from '../core/naming';
import { isProvisionedFor, type UserFacts } from '../core/provisioning';
import type { ProvisioningRequest } from '../core/provisioning-request';
import {
  assignedInTheWay,
  notAbandonedInTime,
  staleDeviceDeadline,
  wayAhead,
  type InTheWay,
} from '../core/stale-device';
import { rethrowThrottling, unlessGone } from '../aws/aws-errors';
import { updateDeviceRecord } from '../aws/device-record';
import { readDeviceTags } from '../aws/device-tags';
import { RecordConflictError } from '../aws/findings-record';
import { userMfaDevices } from '../aws/user-mfa-devices';
import type { MemberAccount } from '../aws/member-account';
import {
  clashDepsOf,
  resolveClash,
  type ClashDeps,
  type ClashDepsSource,
  type DecidedClash,
} from '../aws/resolve-clash';

/** The purpose provisioning opens member accounts with: its session's name, hence its principal. */
export const PROVISIONING_PURPOSE = 'provision-mfa';

/** What provisioning does next about the device that made its CreateVirtualMFADevice fail. */
export type Clearance =
  /** The name is free: the device was deleted (the deletion among `actions`) or is gone. */
  | { readonly next: 'create'; readonly actions: readonly WorkflowAction[] }
  /** orgmfa provisioned that device for this very user: a concurrent or earlier delivery. */
  | { readonly next: 'skip'; readonly reason: string }
  /** The orphan rule has no proof yet: the workflow waits until `until`, then provisions again. */
  | { readonly next: 'wait'; readonly until: string; readonly reason: string };

/** The device in the way, and what provisioning knows when its creation failed. */
export interface InTheWayContext {
  readonly request: ProvisioningRequest;
  /** The member account, opened through the membership gate with provisioning's own session. */
  readonly account: MemberAccount;
  readonly iam: IAMClient;
  readonly facts: UserFacts;
  readonly serialNumber: string;
  readonly deviceName: string;
  /** When provisioning's CreateVirtualMFADevice failed with EntityAlreadyExists (ISO 8601). */
  readonly clashAt: string;
  /** The {@link CREATION_TAG_KEY} value that failed call carried. */
  readonly creation: string;
}

/**
 * Decides on a device that holds the name a new user's device needs. orgmfa's own device for this
 * user (its tags) means a concurrent or earlier delivery: skip, at most one device. Anything else is
 * claimed for this execution in orgmfa's device record (another delivery's execution holding the claim
 * means: wait for it), and is an orphan candidate under the orphan rule ({@link resolveClash}), which
 * deletes it, or says when to decide again, or finds it not unassigned.
 *
 * The clash is provisioning's own failed call, so its principal (`clash.by`) is the member role's
 * provisioning session, exactly as CloudTrail records it. The rule deletes at once for a clash's own
 * principal only a device that principal created: a device orgmfa's provisioning created, since only
 * orgmfa's hub functions can assume the member role (its trust names their roles alone), and only
 * the provision function names its session so. Not tagged for this user (checked first), such a
 * device was provisioned for an earlier user of this name: device names are the template applied to
 * the user name (the template must hold `{userName}`), and user names are unique in an account, so
 * that user no longer exists, and nobody else enrols its device. Any other device is deleted only once
 * proven unassigned for the enrolment window, and an assigned one never.
 *
 * @throws DeviceInTheWayError when the device is assigned to someone, or could be deleted only after
 *   the deadline (the user's creation plus the enrolment window and a grace); ThrottledError for
 *   throttling and for a device record that kept changing (the workflow retries).
 */
export async function clearTheWay(deps: ClashDepsSource, ctx: InTheWayContext): Promise<Clearance> {
  const ours: Clearance = {
    next: 'skip',
    reason: `a virtual MFA device named ${ctx.deviceName} already exists, provisioned by orgmfa for this user (${ctx.facts.userId}): a concurrent or earlier delivery of the event`,
  };
  const tags = await readDeviceTags(ctx.iam, ctx.serialNumber);
  if (tags === undefined) return { next: 'create', actions: [] };
  if (tags[CREATION_TAG_KEY] === ctx.creation) return removeOwnLostCreation(ctx);
  if (isProvisionedFor(tags, ctx.facts.userId)) return ours;

  const clashDeps = clashDepsOf(deps);
  const settled = await claimAndDecide(clashDeps, ctx);
  const deadline = staleDeviceDeadline(ctx.facts.createDate, clashDeps.windowMs);
  const ahead = wayAhead({ decision: settled.decision, outcome: settled.result.outcome }, deadline);
  const { request } = ctx;
  const way: InTheWay = {
    serialNumber: ctx.serialNumber,
    userName: request.userName,
    accountId: request.accountId,
  };
  switch (ahead.next) {
    case 'create':
      return { next: 'create', actions: settled.result.actions };
    case 'wait':
      return {
        next: 'wait',
        until: ahead.until,
        reason: `waiting until ${ahead.until} to decide again on ${ctx.serialNumber}, which is in the way: ${ahead.reason}`,
      };
    case 'give-up':
      throw new DeviceInTheWayError(notAbandonedInTime(way, { ...ahead, deadline }));
    case 'look-again': {
      // Not unassigned: assigned to someone, unless deleted since the clash. Which one, IAM says now.
      const again = await readDeviceTags(ctx.iam, ctx.serialNumber);
      if (again === undefined) return { next: 'create', actions: [] };
      if (isProvisionedFor(again, ctx.facts.userId)) return ours;
      // Someone enrolled the user meanwhile (an administrator at the console), or deleted it.
      const assigned = await userMfaDevices(ctx.iam, request.userName);
      if (assigned === undefined) {
        return { next: 'skip', reason: `user ${request.userName} no longer exists` };
      }
      if (assigned.length > 0) {
        return {
          next: 'skip',
          reason: `user ${request.userName} already has an MFA device (${assigned.join(', ')}), assigned meanwhile`,
        };
      }
      throw new DeviceInTheWayError(assignedInTheWay(way));
    }
  }
}

/**
 * The device is this very call's creation: IAM created it, its answer (the seed) was lost, and the SDK's
 * retry met it. Nobody holds its seed, so nobody can be enabling it: it is deleted at once (gone
 * already counts as done) and created again.
 */
async function removeOwnLostCreation(ctx: InTheWayContext): Promise<Clearance> {
  try {
    await unlessGone(
      ctx.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: ctx.serialNumber })),
      'NoSuchEntity',
    );
  } catch (error) {
    return rethrowThrottling(
      error,
      `iam:DeleteVirtualMFADevice of ${ctx.serialNumber}, created by this call`,
    );
  }
  return {
    next: 'create',
    actions: [
      { type: 'DeleteVirtualMFADevice', accountId: ctx.request.accountId, serialNumber: ctx.serialNumber },
    ],
  };
}

/**
 * Claims the device for this execution, then runs the orphan rule on provisioning's own clash, in the
 * account provisioning has opened. While another execution's claim holds (another delivery of the
 * same CreateUser replacing the device), the rule's answer is to wait for it.
 */
async function claimAndDecide(deps: ClashDeps, ctx: InTheWayContext): Promise<DecidedClash> {
  const { request } = ctx;
  const by = memberSessionArn(
    request.partition,
    request.accountId,
    deps.settings.memberRoleName,
    PROVISIONING_PURPOSE,
  );
  try {
    const claimed = await updateDeviceRecord(deps.store, request.accountId, (record) =>
      withClaim(record, ctx.serialNumber, request.execution, deps.clock()),
    );
    return await resolveClash(
      deps,
      {
        accountId: request.accountId,
        partition: request.partition,
        serialNumber: ctx.serialNumber,
        cloudTrailEventId: request.cloudTrailEventId,
      },
      { by, at: ctx.clashAt },
      { read: claimed, account: ctx.account, claimedBy: request.execution },
    );
  } catch (error) {
    // Another writer kept changing the record: a transient failure, which the workflow retries.
    if (error instanceof RecordConflictError) throw new ThrottledError(error.message, { cause: error });
    throw error;
  }
}
