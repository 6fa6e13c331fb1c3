import { z } from 'zod';
import { parseTimestamp } from './compliance/time';
import { OrgMfaError } from './errors';

/**
 * orgmfa's own record of an account's virtual MFA devices, kept in the hub's state bucket
 * (`devices/<account>.json`), never in a tag that a member user could write. It is the evidence the
 * orphan rule decides on: who created a device and when (from CloudTrail), and since when orgmfa knows
 * it has been continuously unassigned. Only orgmfa's hub roles write it.
 */

/** An ISO 8601 time as orgmfa writes it (`toISOString`), read strictly. */
const time = z.string().refine((value) => parseTimestamp(value) !== undefined, 'an ISO 8601 time');

/** A failed `CreateVirtualMFADevice` that met the device while its creator was not known yet. */
const clashSchema = z.strictObject({
  /** The failing caller (CloudTrail `userIdentity.arn`). */
  by: z.string().min(1).max(2048),
  /** CloudTrail `eventTime` of the failed call. */
  at: time,
});

const entrySchema = z.strictObject({
  /** CloudTrail `userIdentity.arn` of the successful `CreateVirtualMFADevice`. */
  createdBy: z.string().min(1).max(2048).optional(),
  /** CloudTrail `eventTime` of that creation. */
  createdAt: time.optional(),
  /**
   * Since when orgmfa knows the device has been continuously unassigned: its creation, a
   * DeactivateMFADevice, or the first fresh listing that showed it unassigned. Absent when it is known
   * to be assigned, or deleted.
   */
  unassignedSince: time.optional(),
  /** When it was deleted (a DeleteVirtualMFADevice event, or orgmfa's own deletion). */
  deletedAt: time.optional(),
  /**
   * A recorded deletion of an earlier device of this serial number: this one was created after it, so a
   * creation event older than that (a late or repeated delivery) is the earlier device's, not this one's.
   */
  createdAfter: time.optional(),
  /**
   * A creator learnt only after the device was known (its creation event came late): the creator's
   * retry right holds from this time on, so that a deletion event of an earlier device of the name,
   * delivered late as well, can still void it (see LATE_CREATION_GRACE_MS).
   */
  creatorFrom: time.optional(),
  /** The time of the latest fact the entry reflects: an older fact that arrives late changes nothing. */
  asOf: time,
  /** The last time a fresh listing was taken of it. */
  checkedAt: time.optional(),
  /** A workflow execution waits until then to decide again. */
  waitUntil: time.optional(),
  /** Clashes not settled yet, while the creator is unknown (a clash may arrive before its creation). */
  clashes: z.array(clashSchema).max(100).optional(),
});

/**
 * A provisioning execution replacing a device of the name a new user's device needs (deleting it and
 * creating the user's own): nobody else decides on that device until `until`.
 */
const claimSchema = z.strictObject({
  /** The Step Functions execution (its name) that holds the claim. */
  by: z.string().min(1).max(256),
  until: time,
});

const recordSchema = z.strictObject({
  format: z.literal(1),
  accountId: z.string().regex(/^\d{12}$/),
  devices: z.record(z.string().min(1).max(512), entrySchema),
  /** Devices being replaced by provisioning, by serial number. */
  claims: z.record(z.string().min(1).max(512), claimSchema).optional(),
});

/** What orgmfa knows about one virtual MFA device. */
export type DeviceEntry = z.output<typeof entrySchema>;
/** A clash recorded on a device. */
export type RecordedClash = z.output<typeof clashSchema>;
/** A provisioning execution's claim on a device it is replacing. */
export type DeviceClaim = z.output<typeof claimSchema>;
/** An account's record: its devices by serial number (the device ARN). */
export type DeviceRecord = z.output<typeof recordSchema>;

/** An account's device record cannot be read: orgmfa does not decide on evidence it cannot read. */
export class DeviceRecordUnreadableError extends OrgMfaError {
  override readonly name = 'DeviceRecordUnreadable';
}

/** The record of an account orgmfa has seen nothing of yet. */
export function emptyDeviceRecord(accountId: string): DeviceRecord {
  return { format: 1, accountId, devices: {} };
}

/**
 * Reads a record from its stored text. Throws {@link DeviceRecordUnreadableError} naming the problem
 * when the text is not a record of `accountId`.
 */
export function parseDeviceRecord(text: string, accountId: string): DeviceRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DeviceRecordUnreadableError(`the device record of ${accountId} is not JSON`, { cause: error });
  }
  const result = recordSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new DeviceRecordUnreadableError(
      `the device record of ${accountId} is not valid at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  if (result.data.accountId !== accountId) {
    throw new DeviceRecordUnreadableError(
      `the device record of ${accountId} names account ${result.data.accountId}`,
    );
  }
  return result.data;
}

/** Where an account's record lives in the hub's state bucket. */
export function deviceRecordKey(accountId: string): string {
  return `devices/${accountId}.json`;
}
