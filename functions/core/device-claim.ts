import { parseTimestamp } from './compliance/time';
import type { ClashDecision } from './device-evidence';
import type { DeviceClaim, DeviceRecord } from './device-record';

/**
 * Claims on devices in orgmfa's device record, pure. A provisioning execution that finds a device of
 * the name its user's device needs in the way claims it before the orphan rule decides (and perhaps
 * deletes it) and holds the claim while it creates, stores and enables the user's own device under
 * that name. Two deliveries of one CreateUser event then never both replace the device: the second
 * would otherwise delete the first one's new device, which has the same serial number. The claim is
 * taken with the record's conditional write, so exactly one execution holds it.
 */

/**
 * How long a claim holds: longer than the provision function's timeout (2 minutes), so that it covers
 * everything one invocation does between deciding on the device and enabling the user's own.
 */
export const CLAIM_MS = 3 * 60_000;

const ms = (value: string): number => parseTimestamp(value) ?? Number.NaN;

/** The claim on `serialNumber` that still holds at `now`, if any. */
export function activeClaim(record: DeviceRecord, serialNumber: string, now: Date): DeviceClaim | undefined {
  const claim = record.claims?.[serialNumber];
  return claim !== undefined && ms(claim.until) > now.getTime() ? claim : undefined;
}

/**
 * The record with `serialNumber` claimed by `by` until {@link CLAIM_MS} from `now`, and claims that no
 * longer hold dropped; unchanged while another execution's claim holds (it keeps the device).
 */
export function withClaim(record: DeviceRecord, serialNumber: string, by: string, now: Date): DeviceRecord {
  const held = activeClaim(record, serialNumber, now);
  if (held !== undefined && held.by !== by) return record;
  const claims = Object.fromEntries(
    Object.entries(record.claims ?? {}).filter(([, claim]) => ms(claim.until) > now.getTime()),
  );
  claims[serialNumber] = { by, until: new Date(now.getTime() + CLAIM_MS).toISOString() };
  return { ...record, claims };
}

/** The decision on a clash with a device another provisioning execution is replacing: nothing, until then. */
export function claimedDecision(claim: DeviceClaim): ClashDecision {
  return {
    action: 'none',
    because: 'claimed',
    until: claim.until,
    reason: `orgmfa's provisioning (execution ${claim.by}) is replacing the device until ${claim.until}`,
  };
}
