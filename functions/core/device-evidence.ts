import { parseTimestamp } from './compliance/time';
import type { DeviceEntry, DeviceRecord, RecordedClash } from './device-record';

/**
 * The orphan rule's evidence and decision, pure. Facts about a device (from CloudTrail events, from
 * fresh listings, from orgmfa's own deletions) update its entry in orgmfa's record; a clash (a failed
 * `CreateVirtualMFADevice`) is decided on the entry. Exported for every path that may delete an
 * unassigned device on someone's behalf: the event workflow, and provisioning when a stale device is in
 * the way of a new user's.
 */

/** Something orgmfa learnt about a device, with the time it holds from (ISO 8601). */
export type DeviceFact =
  /** A successful CreateVirtualMFADevice by `by` (CloudTrail userIdentity.arn). */
  | { readonly kind: 'created'; readonly by: string; readonly at: string }
  /** EnableMFADevice: the device is assigned. */
  | { readonly kind: 'enabled'; readonly at: string }
  /** DeactivateMFADevice: the device is unassigned again. */
  | { readonly kind: 'deactivated'; readonly at: string }
  /** DeleteVirtualMFADevice, or orgmfa's own deletion. */
  | { readonly kind: 'deleted'; readonly at: string }
  /** A fresh listing taken at `at` showed the device unassigned (`unassigned`), or not unassigned. */
  | { readonly kind: 'listed'; readonly unassigned: boolean; readonly at: string }
  /** A failed CreateVirtualMFADevice (EntityAlreadyExists) by `by` met the device. */
  | { readonly kind: 'clashed'; readonly by: string; readonly at: string }
  /** A workflow execution waits until `until` to decide again. */
  | { readonly kind: 'waiting'; readonly until: string };

/** A failed CreateVirtualMFADevice to decide on: who failed, and when (CloudTrail eventTime). */
export interface Clash {
  readonly by: string;
  readonly at: string;
}

/** What to do about a clash. */
export type ClashDecision =
  /** Delete the device, under the fresh-listing safety rule. */
  | { readonly action: 'delete'; readonly reason: string }
  /** Wait until `until` (ISO 8601), then decide again: the device may be someone's enrolment. */
  | { readonly action: 'wait'; readonly until: string; readonly reason: string }
  /** orgmfa has no usable evidence: take a fresh listing, record what it shows, and decide again. */
  | { readonly action: 'check'; readonly reason: string }
  /**
   * Nothing to do: the device the clash met is gone (`deleted`), a device created after the clash holds
   * the name now (`superseded`), the device was found not unassigned moments ago (`not-unassigned`),
   * another execution decides again at `until` (`scheduled`), or a provisioning execution is replacing
   * the device until `until` (`claimed`, see device-claim.ts).
   */
  | {
      readonly action: 'none';
      readonly because: 'deleted' | 'superseded' | 'not-unassigned';
      readonly reason: string;
    }
  | {
      readonly action: 'none';
      readonly because: 'scheduled' | 'claimed';
      readonly until: string;
      readonly reason: string;
    };

/** How the decision is tuned. */
export interface EvidenceSettings {
  /** The enrolment window (`compliance.enrolmentWindowMinutes`) in milliseconds. */
  readonly windowMs: number;
  /** The decision's time. */
  readonly now: Date;
}

/**
 * How long a fresh listing that found a device not unassigned (assigned, or gone) answers further
 * clashes: duplicates and floods of the same clash cost no Organizations or IAM call for this long.
 */
export const LISTING_FRESH_MS = 60_000;

/**
 * How long a creator learnt late waits before its retry right holds: a creation event that arrives after
 * the device was listed may be an earlier device's, deleted since, whose deletion event is late too.
 * CloudTrail's events reach EventBridge within minutes; a deletion later than this is the documented
 * residual case.
 */
export const LATE_CREATION_GRACE_MS = 5 * 60_000;

/**
 * How long a deleted device's entry outlives the sweep's listings: EventBridge retries a delivery for up
 * to 24 hours, and a creation event of the deleted device delivered that late must still find the
 * deletion that rules it out.
 */
export const DELETION_KEPT_MS = 25 * 3_600_000;

/** How many unsettled clashes an entry keeps (distinct callers, first come). */
const MAX_CLASHES = 10;

/** A CloudTrail `userIdentity.arn`: only an ARN names a principal that can be compared. */
const PRINCIPAL_ARN = /^arn:aws[\w-]*:(iam|sts)::\d{12}:\S+$/;

const ms = (value: string): number => parseTimestamp(value) ?? Number.NaN;
const iso = (value: number): string => new Date(value).toISOString();

/** A time as orgmfa stores it (`toISOString`); anything else is a programming error upstream. */
function normalized(at: string): number {
  const value = ms(at);
  if (Number.isNaN(value)) throw new Error(`${JSON.stringify(at)} is not an ISO 8601 time`);
  return value;
}

/** A fact's time as orgmfa stores it: normalized, and never later than `now` (a clock ahead proves nothing). */
function clamp(at: string, now: Date): string {
  return iso(Math.min(normalized(at), now.getTime()));
}

function isLater(at: string, than: string | undefined): boolean {
  return than === undefined || ms(at) >= ms(than);
}

/**
 * Clashes kept on an entry: one per caller (its first: a caller's later clashes add nothing to settle,
 * and a flood of them must not rewrite the record), at most {@link MAX_CLASHES}.
 */
function withClash(clashes: readonly RecordedClash[] | undefined, clash: RecordedClash): RecordedClash[] {
  const kept = clashes ?? [];
  if (kept.some((c) => c.by === clash.by) || kept.length >= MAX_CLASHES) return [...kept];
  return [...kept, clash];
}

/** Drops undefined and empty optional fields, so that an entry compares and stores canonically. */
function tidy(entry: DeviceEntry): DeviceEntry {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as DeviceEntry;
}

/** Whether a creation at `at` starts a new device under this serial number (the old one is gone). */
function isNewDevice(entry: DeviceEntry, at: string): boolean {
  if (entry.deletedAt !== undefined && ms(entry.deletedAt) <= ms(at)) return true;
  if (entry.createdAt !== undefined) return ms(entry.createdAt) < ms(at);
  // Known only from a listing or events: a creation after them means it was deleted and created again.
  return ms(at) > ms(entry.asOf);
}

/**
 * An entry about to record an enabling or a deactivation. After a recorded deletion it is a device
 * created again unseen: nothing of the deleted one's (its creator above all) carries over, and the
 * deletion bounds this device's creation from below.
 */
function afterDeletion(entry: DeviceEntry | undefined): Partial<DeviceEntry> {
  if (entry === undefined) return {};
  return entry.deletedAt === undefined ? entry : { createdAfter: entry.deletedAt };
}

/**
 * A deletion older than what the entry knows (delivered late): the device the entry knows now exists,
 * so it was created after that deletion. A creation recorded before the deletion was an earlier
 * device's, and its creator has no right to this one.
 */
function deletedBefore(entry: DeviceEntry, at: string): DeviceEntry {
  if (entry.deletedAt !== undefined) return entry;
  if (entry.createdAfter !== undefined && ms(entry.createdAfter) >= ms(at)) return entry;
  const earlier = entry.createdAt !== undefined && ms(entry.createdAt) < ms(at);
  return tidy({
    ...entry,
    ...(earlier ? { createdBy: undefined, createdAt: undefined, creatorFrom: undefined } : {}),
    createdAfter: at,
  });
}

/**
 * One fact applied to one device's entry (undefined: orgmfa knows nothing of it). Facts are
 * idempotent and ordered by their time, so that events delivered twice or out of order, and a
 * conditional write retried on a newer record, give the same entry.
 */
export function applyFact(
  entry: DeviceEntry | undefined,
  fact: DeviceFact,
  now: Date,
): DeviceEntry | undefined {
  if (fact.kind === 'waiting') {
    return entry === undefined ? undefined : tidy({ ...entry, waitUntil: iso(normalized(fact.until)) });
  }
  const at = clamp(fact.at, now);
  switch (fact.kind) {
    case 'created': {
      // The same creation delivered again (even after the device was deleted within that second).
      if (entry?.createdAt === at && entry.createdBy === fact.by) return entry;
      // Older than a recorded deletion of an earlier device: that device's creation, not this one's.
      if (entry?.createdAfter !== undefined && ms(at) < ms(entry.createdAfter)) return entry;
      if (entry === undefined || isNewDevice(entry, at)) {
        const clashes = (entry?.clashes ?? []).filter((c) => ms(c.at) >= ms(at));
        return tidy({ createdBy: fact.by, createdAt: at, unassignedSince: at, asOf: at, clashes });
      }
      if (entry.createdAt !== undefined) return entry;
      // The creation of the device orgmfa already knew from a listing or an event: its creator is now
      // known, and it has been unassigned since no earlier than orgmfa already knew (never shortened).
      // Learnt late, the creator's right waits a grace for a late deletion of an earlier device.
      return tidy({
        ...entry,
        createdBy: fact.by,
        createdAt: at,
        creatorFrom: iso(now.getTime() + LATE_CREATION_GRACE_MS),
      });
    }
    case 'clashed':
      // Kept only for a device known unassigned whose creator is unknown: the creation event, when it
      // arrives, settles the clash (a known creator decides at once; an assigned or deleted device
      // leaves nothing to settle).
      if (entry?.unassignedSince === undefined || entry.createdBy !== undefined) return entry;
      return tidy({ ...entry, clashes: withClash(entry.clashes, { by: fact.by, at }) });
    case 'enabled':
      if (entry === undefined || !isLater(at, entry.asOf)) return entry;
      return tidy({ ...afterDeletion(entry), unassignedSince: undefined, clashes: [], asOf: at });
    case 'deactivated':
      if (entry !== undefined && !isLater(at, entry.asOf)) return entry;
      return tidy({ ...afterDeletion(entry), unassignedSince: at, asOf: at });
    case 'deleted':
      // Kept even for a device orgmfa knew nothing of: a late creation event of it must find it deleted.
      if (entry === undefined) return { deletedAt: at, asOf: at };
      if (!isLater(at, entry.asOf)) return deletedBefore(entry, at);
      return tidy({
        ...entry,
        unassignedSince: undefined,
        deletedAt: at,
        waitUntil: undefined,
        clashes: (entry.clashes ?? []).filter((c) => ms(c.at) > ms(at)),
        asOf: at,
      });
    case 'listed': {
      if (entry !== undefined && !isLater(at, entry.asOf)) return entry;
      if (!fact.unassigned) {
        // Kept even for a device orgmfa knew nothing of: the next duplicate clash is answered from it.
        return tidy({ ...entry, unassignedSince: undefined, asOf: at, checkedAt: at });
      }
      // Listed after a recorded deletion: created again without orgmfa seeing the creation.
      const base = entry?.deletedAt === undefined ? entry : { asOf: at, createdAfter: entry.deletedAt };
      return tidy({ ...base, unassignedSince: base?.unassignedSince ?? at, asOf: at, checkedAt: at });
    }
  }
}

/** Several facts about one device of a record, applied in order; the record is not changed in place. */
export function applyFacts(
  record: DeviceRecord,
  serialNumber: string,
  facts: readonly DeviceFact[],
  now: Date,
): DeviceRecord {
  let entry: DeviceEntry | undefined = record.devices[serialNumber];
  for (const fact of facts) entry = applyFact(entry, fact, now);
  const devices = { ...record.devices };
  if (entry === undefined) delete devices[serialNumber];
  else devices[serialNumber] = entry;
  return { ...record, devices };
}

/** Whether `by` created the device and failed after creating it: the same principal retrying. */
function isCreatorRetrying(entry: DeviceEntry, clash: Clash): boolean {
  return (
    PRINCIPAL_ARN.test(clash.by) &&
    entry.createdBy === clash.by &&
    entry.createdAt !== undefined &&
    ms(entry.createdAt) <= ms(clash.at)
  );
}

/**
 * The orphan rule. A device is deleted on a clash only when the evidence shows it belongs to the caller
 * whose retry failed (created by that same principal, no later than the failed call), or that nobody
 * can still be completing it (continuously unassigned for the whole enrolment window). Without
 * evidence, the answer is a fresh listing and then a wait, never a deletion. A deletion still goes
 * through the fresh-`Unassigned`-listing safety rule.
 */
export function decideClash(
  entry: DeviceEntry | undefined,
  clash: Clash,
  settings: EvidenceSettings,
): ClashDecision {
  const now = settings.now.getTime();
  const at = iso(Math.min(ms(clash.at), now));
  if (entry === undefined) return { action: 'check', reason: 'orgmfa has no record of the device' };
  if (entry.deletedAt !== undefined) {
    return ms(at) <= ms(entry.deletedAt)
      ? {
          action: 'none',
          because: 'deleted',
          reason: `the device this clash met was deleted at ${entry.deletedAt}`,
        }
      : { action: 'check', reason: `the device was deleted at ${entry.deletedAt} and created again since` };
  }
  if (entry.createdAt !== undefined && ms(at) < ms(entry.createdAt)) {
    return {
      action: 'none',
      because: 'superseded',
      reason: `the device was created at ${entry.createdAt}, after this clash: the clash met an earlier device`,
    };
  }
  if (entry.unassignedSince === undefined) {
    return now - ms(entry.asOf) < LISTING_FRESH_MS
      ? {
          action: 'none',
          because: 'not-unassigned',
          reason: `the device was not unassigned at ${entry.asOf}`,
        }
      : { action: 'check', reason: `the device was last known not unassigned, at ${entry.asOf}` };
  }
  const creatorRetrying = isCreatorRetrying(entry, { by: clash.by, at });
  const creatorFrom = entry.creatorFrom === undefined ? now : ms(entry.creatorFrom);
  if (creatorRetrying && now >= creatorFrom) {
    return {
      action: 'delete',
      reason: `created by ${clash.by} at ${entry.createdAt}, whose retry failed at ${at}`,
    };
  }
  const due = Math.min(
    ms(entry.unassignedSince) + settings.windowMs,
    creatorRetrying ? creatorFrom : Number.POSITIVE_INFINITY,
  );
  const window = `the enrolment window of ${settings.windowMs / 60_000} minutes`;
  if (now >= due) {
    return { action: 'delete', reason: `unassigned since ${entry.unassignedSince}, for ${window} or longer` };
  }
  // A check already scheduled answers, unless this decision is due before it (a late creator's grace).
  if (entry.waitUntil !== undefined && ms(entry.waitUntil) > now && ms(entry.waitUntil) <= due) {
    return {
      action: 'none',
      because: 'scheduled',
      until: entry.waitUntil,
      reason: `a check is already scheduled for ${entry.waitUntil}`,
    };
  }
  if (creatorRetrying) {
    return {
      action: 'wait',
      until: iso(due),
      reason: `created by ${clash.by} at ${entry.createdAt}, whose retry failed at ${at}, but that creation was learnt only after the device was seen: deleted at ${iso(due)} unless a late deletion shows it was an earlier device's`,
    };
  }
  const by = entry.createdBy === undefined ? 'an unknown principal' : entry.createdBy;
  return {
    action: 'wait',
    until: iso(due),
    reason: `unassigned since ${entry.unassignedSince} (created by ${by}): someone may be enrolling it until ${window} has passed`,
  };
}

/**
 * The recorded clash a creation settles, if any: one that arrived before the creation event and that
 * the creator itself made (its failed retry: deleted once the late creator's grace is over, see
 * {@link LATE_CREATION_GRACE_MS}), or that the evidence now allows to delete for.
 */
export function settlingClash(entry: DeviceEntry | undefined, settings: EvidenceSettings): Clash | undefined {
  return entry?.clashes?.find((clash) => {
    const decision = decideClash(entry, clash, settings);
    return decision.action === 'delete' || (decision.action === 'wait' && isCreatorRetrying(entry, clash));
  });
}

/**
 * What the sweep's complete listing (taken at `at`) says: each listed device seen unassigned or not,
 * and devices it does not list forgotten, unless a fact newer than the listing arrived meanwhile.
 */
export function applyListing(
  record: DeviceRecord,
  listing: {
    readonly unassigned: readonly string[];
    readonly assigned: readonly string[];
    readonly at: string;
  },
  now: Date,
): DeviceRecord {
  let next: DeviceRecord = { ...record, devices: { ...record.devices } };
  const listed = new Set([...listing.unassigned, ...listing.assigned]);
  for (const [serial, entry] of Object.entries(record.devices)) {
    const keptDeleted =
      entry.deletedAt !== undefined && now.getTime() - ms(entry.deletedAt) < DELETION_KEPT_MS;
    if (!listed.has(serial) && ms(entry.asOf) <= ms(listing.at) && !keptDeleted) delete next.devices[serial];
  }
  for (const serial of listing.unassigned) {
    next = applyFacts(next, serial, [{ kind: 'listed', unassigned: true, at: listing.at }], now);
  }
  for (const serial of listing.assigned) {
    // Only devices orgmfa already tracks: an assigned device it never saw unassigned needs no entry.
    if (next.devices[serial] === undefined) continue;
    next = applyFacts(next, serial, [{ kind: 'listed', unassigned: false, at: listing.at }], now);
  }
  return next;
}

/** Since when each device of the record is known continuously unassigned (devices known unassigned only). */
export function unassignedSinceBySerial(record: DeviceRecord): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(record.devices).flatMap(([serial, entry]) =>
      entry.unassignedSince === undefined ? [] : [[serial, entry.unassignedSince] as const],
    ),
  );
}
