import type { IamApiCall } from './cloudtrail-event';
import { parseTimestamp } from './compliance/time';
import type { Clash, DeviceFact } from './device-evidence';
import { InvalidEventError } from './errors';
import { ACCOUNT_ID } from './iam-names';
import {
  isEntityAlreadyExists,
  readPartition,
  requestedDevice,
  virtualDeviceSerial,
  type OrphanTarget,
} from './orphan';

/** What a CloudTrail event says about a virtual MFA device. */
export type DeviceEventKind = 'Clash' | 'Created' | 'Enabled' | 'Deactivated' | 'Deleted';

/**
 * One event about one virtual MFA device, as the event workflow hands it to CleanUpOrphan: the device,
 * who made the call (CloudTrail `userIdentity.arn`) and when (`eventTime`).
 */
export interface DeviceEvent extends OrphanTarget {
  readonly kind: DeviceEventKind;
  readonly by: string;
  readonly at: string;
  /** How often the workflow has already waited and decided again on this event (0 for the event itself). */
  readonly round: number;
}

/** The IAM calls that change what orgmfa knows about a device, by the kind of fact each is. */
const DEVICE_CHANGES: Readonly<Record<string, DeviceEventKind>> = {
  EnableMFADevice: 'Enabled',
  DeactivateMFADevice: 'Deactivated',
  DeleteVirtualMFADevice: 'Deleted',
};

function timeOf(call: IamApiCall): string {
  if (call.eventTime === undefined) {
    throw new InvalidEventError(
      `${call.eventName} has no detail.eventTime: orgmfa's device record needs the time of the call`,
    );
  }
  return call.eventTime;
}

/**
 * The device event of a `CreateVirtualMFADevice` (successful, or failed with EntityAlreadyExists) or a
 * `DeleteVirtualMFADevice` call. Throws {@link InvalidEventError} for any other call, a failed one, or
 * a device IAM would not accept.
 */
export function identifyDeviceEvent(call: IamApiCall): DeviceEvent {
  if (call.eventName === 'CreateVirtualMFADevice') {
    if (call.errorCode !== undefined && !isEntityAlreadyExists(call.errorCode)) {
      throw new InvalidEventError(
        `CreateVirtualMFADevice failed with ${call.errorCode}, not EntityAlreadyExists`,
      );
    }
    return {
      ...requestedDevice(call),
      kind: call.errorCode === undefined ? 'Created' : 'Clash',
      by: call.actor,
      at: timeOf(call),
      round: 0,
    };
  }
  return changeOf(call);
}

/** The device event of an Enable/Deactivate/DeleteVirtualMFADevice call; throws InvalidEventError with the reason. */
function changeOf(call: IamApiCall): DeviceEvent {
  const kind = DEVICE_CHANGES[call.eventName];
  if (kind === undefined)
    throw new InvalidEventError(`${call.eventName} does not change a virtual MFA device`);
  if (call.errorCode !== undefined) {
    throw new InvalidEventError(`${call.eventName} failed with ${call.errorCode}: nothing changed`);
  }
  return {
    accountId: call.accountId,
    partition: call.partition,
    serialNumber: virtualDeviceSerial(call.requestParameters.serialNumber, call.partition, call.accountId),
    cloudTrailEventId: call.cloudTrailEventId,
    kind,
    by: call.actor,
    at: timeOf(call),
    round: 0,
  };
}

/**
 * The device event of an `EnableMFADevice`, `DeactivateMFADevice` or `DeleteVirtualMFADevice` call, or
 * null when the call failed or names no virtual MFA device of its own account (a hardware or FIDO
 * serial): such a call changes nothing orgmfa records.
 */
export function deviceChangeOf(call: IamApiCall): DeviceEvent | null {
  try {
    return changeOf(call);
  } catch (error) {
    if (error instanceof InvalidEventError) return null;
    throw error;
  }
}

/** The fact a device event records (a clash is decided on, and recorded only while its creator is unknown). */
export function factOf(event: DeviceEvent): DeviceFact {
  switch (event.kind) {
    case 'Clash':
      return { kind: 'clashed', by: event.by, at: event.at };
    case 'Created':
      return { kind: 'created', by: event.by, at: event.at };
    case 'Enabled':
      return { kind: 'enabled', at: event.at };
    case 'Deactivated':
      return { kind: 'deactivated', at: event.at };
    case 'Deleted':
      return { kind: 'deleted', at: event.at };
  }
}

/** A clash event as the decision takes it. */
export function clashOf(event: DeviceEvent): Clash {
  return { by: event.by, at: event.at };
}

const KINDS: readonly DeviceEventKind[] = ['Clash', 'Created', 'Enabled', 'Deactivated', 'Deleted'];
/** More rounds than this and the workflow stops waiting: the next clash or the sweep decides. */
export const MAX_ROUNDS = 8;

/**
 * Reads a {@link DeviceEvent} back from workflow state, checking it as the input of a function that may
 * delete: a virtual MFA device of the event's own account and partition, a known kind, a caller and a
 * time. Throws {@link InvalidEventError} otherwise.
 */
export function readDeviceEvent(input: unknown): DeviceEvent {
  if (typeof input !== 'object' || input === null)
    throw new InvalidEventError('the device event is not an object');
  const fields = input as Record<string, unknown>;
  const { accountId, kind, by, at, round, cloudTrailEventId } = fields;
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new InvalidEventError('the device event has no valid accountId');
  }
  const partition = readPartition(fields.partition, 'the device event');
  const serialNumber = virtualDeviceSerial(
    fields.serialNumber,
    partition,
    accountId,
    "the device event's serial number",
  );
  if (!KINDS.includes(kind as DeviceEventKind))
    throw new InvalidEventError('the device event has no valid kind');
  if (typeof by !== 'string' || by.length === 0 || by.length > 2048) {
    throw new InvalidEventError('the device event names no caller');
  }
  const time = typeof at === 'string' ? parseTimestamp(at) : undefined;
  if (time === undefined) throw new InvalidEventError('the device event has no valid time');
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 0 || round > MAX_ROUNDS) {
    throw new InvalidEventError(`the device event's round is not a whole number from 0 to ${MAX_ROUNDS}`);
  }
  return {
    accountId,
    partition,
    serialNumber,
    cloudTrailEventId: typeof cloudTrailEventId === 'string' ? cloudTrailEventId : 'unknown',
    kind: kind as DeviceEventKind,
    by,
    at: new Date(time).toISOString(),
    round,
  };
}
