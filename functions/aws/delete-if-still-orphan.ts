import {
  DeleteConflictException,
  DeleteVirtualMFADeviceCommand,
  NoSuchEntityException,
  paginateListVirtualMFADevices,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { StepResult } from '../core/actions';
import { decideOrphanDeletion, type OrphanDecision, type OrphanTarget } from '../core/orphan';
import { rethrowThrottling } from './aws-errors';
import type { Log } from './log';

/** The serial numbers of the account's unassigned virtual MFA devices, page by page. */
async function* unassignedSerials(iam: IAMClient): AsyncGenerator<string> {
  // AssignmentStatus must be explicit: without it IAM lists assigned devices too.
  for await (const page of paginateListVirtualMFADevices(
    { client: iam },
    { AssignmentStatus: 'Unassigned' },
  )) {
    for (const device of page.VirtualMFADevices ?? []) {
      if (device.SerialNumber !== undefined) yield device.SerialNumber;
    }
  }
}

async function collect(serials: AsyncGenerator<string>, wanted: string): Promise<string[]> {
  const seen: string[] = [];
  // Stop at the first match: the listing is only needed until it proves the device is unassigned.
  for await (const serial of serials) {
    seen.push(serial);
    if (serial === wanted) break;
  }
  return seen;
}

/** What a fresh listing of the account's unassigned devices says about the target. */
async function freshListing(iam: IAMClient, target: OrphanTarget): Promise<OrphanDecision> {
  try {
    return decideOrphanDeletion(target, await collect(unassignedSerials(iam), target.serialNumber));
  } catch (error) {
    return rethrowThrottling(error, `iam:ListVirtualMFADevices in ${target.accountId}`);
  }
}

/**
 * Whether a fresh listing of the account's unassigned devices contains the target (the listing stops
 * at the target). Throttling that outlasts the SDK's retries becomes ThrottledError.
 */
export async function listsAsUnassigned(iam: IAMClient, target: OrphanTarget): Promise<boolean> {
  return (await freshListing(iam, target)).delete;
}

/**
 * The safety rule, in an account already opened through the membership gate: lists the account's
 * unassigned devices afresh and deletes the target only if the listing contains it. DeleteConflict
 * (assigned meanwhile) and NoSuchEntity (already deleted) are outcomes. Shared by the event workflow,
 * the sweep and `orgmfa orphans clean`.
 */
export async function deleteIfStillOrphan(
  log: Log,
  iam: IAMClient,
  target: OrphanTarget,
): Promise<StepResult> {
  const context = {
    accountId: target.accountId,
    serialNumber: target.serialNumber,
    cloudTrailEventId: target.cloudTrailEventId,
  };
  const decision = await freshListing(iam, target);
  if (!decision.delete) {
    log.info('not an orphan, nothing deleted', { ...context, reason: decision.reason });
    return { outcome: 'NotAnOrphan', reason: decision.reason, actions: [] };
  }
  try {
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: target.serialNumber }));
  } catch (error) {
    if (error instanceof DeleteConflictException) {
      const reason = `${target.serialNumber} was assigned after the listing; left alone`;
      log.info('device assigned meanwhile, left alone', context);
      return { outcome: 'AssignedMeanwhile', reason, actions: [] };
    }
    if (error instanceof NoSuchEntityException) {
      log.info('device already deleted', context);
      return { outcome: 'AlreadyDeleted', reason: `${target.serialNumber} was already deleted`, actions: [] };
    }
    return rethrowThrottling(error, `iam:DeleteVirtualMFADevice in ${target.accountId}`);
  }
  log.info('orphaned virtual MFA device deleted', context);
  return {
    outcome: 'Deleted',
    reason: null,
    actions: [
      { type: 'DeleteVirtualMFADevice', accountId: target.accountId, serialNumber: target.serialNumber },
    ],
  };
}
