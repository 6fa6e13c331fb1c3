import { applyFacts, applyListing, unassignedSinceBySerial } from '../core/device-evidence';
import type { DeviceListing } from './assess-account';
import { readDeviceRecord, updateDeviceRecord, type DeviceRecordStore } from './device-record';

/** The sweep's use of orgmfa's device record for one account. */
export interface SweepDeviceEvidence {
  /** Since when the record knows each device continuously unassigned: the only proof of an orphan's age. */
  readonly unassignedSince: ReadonlyMap<string, string>;
  /**
   * Writes back what the sweep learnt: its complete listing (devices first seen unassigned are recorded
   * as of the listing, devices seen assigned lose their age, devices gone are forgotten) and the devices
   * it deleted.
   */
  record(listing: DeviceListing, deleted: readonly string[]): Promise<void>;
}

/**
 * Reads an account's device record before the sweep lists the account. The listing's facts are dated
 * at `listedAt`, taken before the listing starts, so that an event recorded while the sweep runs (a
 * device created or enabled meanwhile) is newer than the listing and survives it.
 */
export async function sweepDeviceEvidence(
  store: DeviceRecordStore,
  accountId: string,
  clock: () => Date,
): Promise<SweepDeviceEvidence> {
  const listedAt = clock();
  const stored = await readDeviceRecord(store, accountId);
  return {
    unassignedSince: unassignedSinceBySerial(stored.record),
    record: async (listing, deleted) => {
      const now = clock();
      const at = listedAt.toISOString();
      await updateDeviceRecord(
        store,
        accountId,
        (record) =>
          deleted.reduce(
            (next, serial) => applyFacts(next, serial, [{ kind: 'deleted', at: now.toISOString() }], now),
            applyListing(record, { ...listing, at }, now),
          ),
        stored,
      );
    },
  };
}
