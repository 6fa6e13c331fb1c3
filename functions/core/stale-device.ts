import type { ClashDecision } from './device-evidence';

/**
 * What provisioning does when a device of the name a new user's device needs is in the way and is not
 * one orgmfa provisioned for that user: the orphan rule has decided on it (`resolveClash`, with
 * provisioning's own principal); this reads the decision as provisioning's next step. Pure.
 */

/**
 * How long after the user's creation provisioning may still wait for a device in the way, beyond the
 * enrolment window: the CreateUser event may reach orgmfa minutes late (CloudTrail delivery is best
 * effort), and a device orgmfa has no record of is first seen only then.
 */
export const STALE_DEVICE_GRACE_MS = 15 * 60_000;

/**
 * When another execution has already scheduled the decision on the device (an orphan clash being
 * waited out) or claimed it (another delivery provisioning this user), provisioning waits this much
 * longer than it, so that the other execution acts first and provisioning then finds the name free
 * (or the user provisioned), rather than both acting at the same moment.
 */
export const SCHEDULED_CHECK_MARGIN_MS = 60_000;

/** The time by which a user created at `createDate` gets a device or provisioning fails finally. */
export function staleDeviceDeadline(createDate: Date, windowMs: number): Date {
  return new Date(createDate.getTime() + windowMs + STALE_DEVICE_GRACE_MS);
}

/** Provisioning's next step about a device in the way. */
export type WayAhead =
  /** The device is gone (deleted now, or already): create the user's device again. */
  | { readonly next: 'create' }
  /** The evidence is not there yet: the workflow waits until `until`, then provisions again. */
  | { readonly next: 'wait'; readonly until: string; readonly reason: string }
  /** The device is not unassigned: assigned to someone, unless it was deleted meanwhile (look again). */
  | { readonly next: 'look-again'; readonly reason: string }
  /** The device could be removed only after the deadline. */
  | { readonly next: 'give-up'; readonly until: string; readonly reason: string };

/** What `resolveClash` decided, and what came of a deletion (the device step's outcome). */
export interface Settlement {
  readonly decision: ClashDecision;
  readonly outcome: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function waitOrGiveUp(until: string, reason: string, deadline: Date): WayAhead {
  return Date.parse(until) <= deadline.getTime()
    ? { next: 'wait', until, reason }
    : { next: 'give-up', until, reason };
}

/**
 * Provisioning's next step after the orphan rule settled a clash: create again once the device is
 * gone; wait until the proven time (or a little after another execution's scheduled decision or
 * claim) if that is no later than `deadline`, and give up otherwise; look again when the device is not
 * unassigned.
 */
export function wayAhead(settled: Settlement, deadline: Date): WayAhead {
  const { decision, outcome } = settled;
  switch (decision.action) {
    case 'delete':
      if (outcome === 'Deleted' || outcome === 'AlreadyDeleted') return { next: 'create' };
      // The fresh listing did not show it unassigned, or it was assigned before the deletion.
      return { next: 'look-again', reason: decision.reason };
    case 'wait':
      return waitOrGiveUp(decision.until, decision.reason, deadline);
    case 'check':
      // A device deleted and created again since orgmfa's record, and found not unassigned now.
      return { next: 'look-again', reason: decision.reason };
    case 'none':
      switch (decision.because) {
        case 'deleted':
        case 'superseded':
          return { next: 'create' };
        case 'not-unassigned':
          return { next: 'look-again', reason: decision.reason };
        case 'scheduled':
        case 'claimed':
          return waitOrGiveUp(
            iso(Date.parse(decision.until) + SCHEDULED_CHECK_MARGIN_MS),
            decision.reason,
            deadline,
          );
      }
  }
}

/** What a {@link DeviceInTheWayError} message is about. */
export interface InTheWay {
  readonly serialNumber: string;
  readonly userName: string;
  readonly accountId: string;
}

/** The message of a device that is not unassigned: orgmfa never removes an assigned device. */
export function assignedInTheWay(way: InTheWay): string {
  return (
    `the virtual MFA device ${way.serialNumber} has the name ${way.userName}'s device needs and is not unassigned: ` +
    `it is assigned to an IAM user, and orgmfa never removes an assigned device. ` +
    `Free the name (or set provisioning.deviceNameTemplate), then enrol an MFA device for ${way.userName}`
  );
}

/** The message of a device the orphan rule would let orgmfa remove only after the deadline. */
export function notAbandonedInTime(
  way: InTheWay,
  late: { readonly until: string; readonly reason: string; readonly deadline: Date },
): string {
  return (
    `the virtual MFA device ${way.serialNumber} has the name ${way.userName}'s device needs and has not been proven abandoned in time: ` +
    `it could be deleted at ${late.until}, after the ${late.deadline.toISOString()} by which ${way.userName} must have MFA (${late.reason}). ` +
    `Once nobody is enrolling it, delete it (orgmfa orphans clean --account ${way.accountId} --device ${way.serialNumber} --include-recent), ` +
    `then enrol an MFA device for ${way.userName}`
  );
}

/** The message of a device that came back each time provisioning found the name free. */
export function keptComingBack(way: InTheWay, attempts: number): string {
  return (
    `the virtual MFA device ${way.serialNumber} has the name ${way.userName}'s device needs and was in the way again ` +
    `each of ${attempts} times orgmfa found the name free: someone keeps creating a device of that name. ` +
    `Find out who (CloudTrail CreateVirtualMFADevice), then enrol an MFA device for ${way.userName}`
  );
}
