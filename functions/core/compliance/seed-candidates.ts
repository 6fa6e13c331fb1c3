import type { ProvisioningSettings } from '../config';
import { seedSubject } from './evaluate-account';
import { isActiveStatus, type FindingRecord } from './model';

/**
 * Which assigned virtual MFA devices the sweep reads the tags of (ListMFADeviceTags, one call each) to
 * decide ORGMFA.4. IAM's listing of virtual MFA devices does not return tags, and reading every
 * device's tags would cost a call per user: only devices that can hold an uncollected seed orgmfa must
 * report, or whose report must go on, are read.
 */

/**
 * Days past the seed's lifetime during which a device is still read: time for at least one sweep
 * (however rarely scheduled, or late) to see the expired seed and raise ORGMFA.4; from then on the
 * ACTIVE finding keeps the device read until the seed is collected.
 */
export const SEED_CHECK_MARGIN_DAYS = 7;

const DAY_MS = 86_400_000;

/** What decides which devices are candidates. */
export interface SeedCheck {
  /** `provisioning.seedExpirationDays`: how long after provisioning (and enabling) a seed expires. */
  readonly seedExpirationDays: number;
  /** The users whose ORGMFA.4 finding is ACTIVE in orgmfa's record (see {@link reportedSeedUsers}). */
  readonly reported: ReadonlySet<string>;
}

/** An assigned virtual MFA device as ListVirtualMFADevices lists it. */
export interface AssignedDevice {
  readonly serialNumber: string;
  readonly userName: string;
  /** The unique id of the user it is assigned to. */
  readonly userId?: string;
  /** EnableDate; IAM always gives it for an assigned device, and a device without it is read. */
  readonly enableDate?: Date;
}

/**
 * Whether the sweep reads the tags of `device`: its user's ORGMFA.4 finding is ACTIVE in the record,
 * or it was enabled within the seed's lifetime plus {@link SEED_CHECK_MARGIN_DAYS}, whatever its name
 * (the template may have changed since provisioning, the user may have been renamed: a name proves
 * nothing, the tags do). Provisioning enables the device at once, so no provisioned device with a
 * seed still to report was enabled earlier.
 */
export function isSeedCandidate(device: AssignedDevice, check: SeedCheck, now: Date): boolean {
  if (check.reported.has(device.userName)) return true;
  if (device.enableDate === undefined) return true;
  const window = (check.seedExpirationDays + SEED_CHECK_MARGIN_DAYS) * DAY_MS;
  return now.getTime() - device.enableDate.getTime() <= window;
}

/** The seed check from the provisioning settings and orgmfa's record of the account's findings. */
export function seedCheckOf(
  provisioning: Pick<ProvisioningSettings, 'seedExpirationDays'>,
  records: readonly FindingRecord[],
): SeedCheck {
  return {
    seedExpirationDays: provisioning.seedExpirationDays,
    reported: reportedSeedUsers(records),
  };
}

/** The users whose ORGMFA.4 finding (subject `seed:<user>`) is ACTIVE in orgmfa's record. */
export function reportedSeedUsers(records: readonly FindingRecord[]): Set<string> {
  const prefix = seedSubject('');
  return new Set(
    records.flatMap((r) =>
      r.control === 'ORGMFA.4' && isActiveStatus(r.status) && r.subject?.startsWith(prefix) === true
        ? [r.subject.slice(prefix.length)]
        : [],
    ),
  );
}
