import { applyFacts, settlingClash } from '../core/device-evidence';
import { factOf, type DeviceEvent } from '../core/device-event';
import { readDeviceRecord, updateDeviceRecord } from './device-record';
import { resolveClash, type ClashDeps, type ClashResolution } from './resolve-clash';

/**
 * Records what a CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice or
 * DeleteVirtualMFADevice event says about a device. A creation may settle a clash that arrived before
 * it (events are best effort and out of order): when the creator's own failed retry was recorded, or
 * the evidence now proves the device abandoned, that clash is resolved at once.
 */
export async function recordDeviceEvent(deps: ClashDeps, event: DeviceEvent): Promise<ClashResolution> {
  const now = deps.clock();
  const stored = await updateDeviceRecord(
    deps.store,
    event.accountId,
    (record) => applyFacts(record, event.serialNumber, [factOf(event)], now),
    await readDeviceRecord(deps.store, event.accountId),
  );
  const entry = stored.record.devices[event.serialNumber];
  deps.log.info('device event recorded', {
    accountId: event.accountId,
    serialNumber: event.serialNumber,
    kind: event.kind,
    by: event.by,
  });
  if (event.kind === 'Created') {
    const settling = settlingClash(entry, { windowMs: deps.windowMs, now });
    if (settling !== undefined) return resolveClash(deps, event, settling, { read: stored });
  }
  return {
    result: { outcome: 'Recorded', reason: `${event.kind} ${event.serialNumber} recorded`, actions: [] },
    waitUntil: null,
  };
}
