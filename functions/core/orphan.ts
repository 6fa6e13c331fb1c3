import type { IamApiCall } from './cloudtrail-event';
import { InvalidEventError } from './errors';
import { DELETABLE_SERIAL_NUMBER, IAM_PATH, VIRTUAL_MFA_DEVICE_NAME } from './iam-names';
import { quote } from './quote';
import type { Partition } from './naming';

/** The unassigned virtual MFA device that made a `CreateVirtualMFADevice` call fail. */
export interface OrphanTarget {
  readonly accountId: string;
  readonly partition: Partition;
  /** The device ARN, which IAM calls the serial number of a virtual MFA device. */
  readonly serialNumber: string;
  /** CloudTrail's record id, carried for logs and idempotency. */
  readonly cloudTrailEventId: string;
}

/** CloudTrail spells the clash `EntityAlreadyExistsException`; older records say `EntityAlreadyExists`. */
export function isEntityAlreadyExists(errorCode: string | undefined): boolean {
  return errorCode !== undefined && errorCode.startsWith('EntityAlreadyExists');
}

/**
 * The ARN (serial number) of a virtual MFA device: `arn:<partition>:iam::<account>:mfa<path><name>`.
 * IAM prefixes the path, so the default path `/` gives `mfa/<name>`.
 */
export function virtualMfaDeviceArn(
  partition: Partition,
  accountId: string,
  path: string,
  name: string,
): string {
  return `arn:${partition}:iam::${accountId}:mfa${path}${name}`;
}

/**
 * The device a `CreateVirtualMFADevice` call names: `arn:<partition>:iam::<account>:mfa<path><name>`
 * from the request itself (the user chooses the name, and a user may hold several devices), never
 * guessed from the caller's user name. Throws {@link InvalidEventError} for a name or path IAM itself
 * would not accept.
 */
export function requestedDevice(call: IamApiCall): OrphanTarget {
  const name = call.requestParameters.virtualMFADeviceName;
  if (typeof name !== 'string' || !VIRTUAL_MFA_DEVICE_NAME.test(name)) {
    throw new InvalidEventError(
      `requestParameters.virtualMFADeviceName ${quote(name)} is not a name IAM accepts ([\\w+=,.@-], 1-226 characters)`,
    );
  }
  const rawPath = call.requestParameters.path ?? '/';
  if (typeof rawPath !== 'string' || rawPath.length > 512 || !IAM_PATH.test(rawPath)) {
    throw new InvalidEventError(`requestParameters.path ${quote(rawPath)} is not an IAM path (/ or /…/)`);
  }
  const serialNumber = virtualMfaDeviceArn(call.partition, call.accountId, rawPath, name);
  if (!DELETABLE_SERIAL_NUMBER.test(serialNumber)) {
    throw new InvalidEventError(
      `the device's serial number ${quote(serialNumber)} is beyond what DeleteVirtualMFADevice accepts (9-256 characters of [\\w+=/:,.@-])`,
    );
  }
  return {
    accountId: call.accountId,
    partition: call.partition,
    serialNumber,
    cloudTrailEventId: call.cloudTrailEventId,
  };
}

/**
 * Identifies the device behind a failed `CreateVirtualMFADevice` call (see {@link requestedDevice}).
 * Throws {@link InvalidEventError} for a call that is not an `EntityAlreadyExists` failure.
 */
export function identifyOrphan(call: IamApiCall): OrphanTarget {
  if (call.eventName !== 'CreateVirtualMFADevice') {
    throw new InvalidEventError(`${call.eventName} is not CreateVirtualMFADevice`);
  }
  if (!isEntityAlreadyExists(call.errorCode)) {
    throw new InvalidEventError(
      call.errorCode === undefined
        ? 'CreateVirtualMFADevice succeeded: there is no orphan to clean up'
        : `CreateVirtualMFADevice failed with ${call.errorCode}, not EntityAlreadyExists`,
    );
  }
  return requestedDevice(call);
}

/** What a fresh `Unassigned` listing says about the target. */
export type OrphanDecision = { readonly delete: true } | { readonly delete: false; readonly reason: string };

/**
 * The safety rule: delete a device only if a fresh listing of the account's *unassigned* devices
 * contains exactly its serial number. A device that a user finished enrolling meanwhile is no longer
 * in that listing and is left alone.
 */
export function decideOrphanDeletion(
  target: OrphanTarget,
  unassignedSerials: Iterable<string>,
): OrphanDecision {
  for (const serial of unassignedSerials) {
    if (serial === target.serialNumber) return { delete: true };
  }
  return {
    delete: false,
    reason: `${target.serialNumber} is not an unassigned device of account ${target.accountId} (already deleted, or assigned since)`,
  };
}

/**
 * Checks that `serialNumber` is a virtual MFA device of `accountId` in `partition`, as
 * `DeleteVirtualMFADevice` would take it, and returns it. Throws {@link InvalidEventError} otherwise,
 * naming the value as `what`.
 */
export function virtualDeviceSerial(
  serialNumber: unknown,
  partition: Partition,
  accountId: string,
  what = 'the serial number',
): string {
  const prefix = `arn:${partition}:iam::${accountId}:mfa`;
  const rest =
    typeof serialNumber === 'string' && serialNumber.startsWith(prefix)
      ? serialNumber.slice(prefix.length)
      : '';
  const slash = rest.lastIndexOf('/');
  if (
    slash < 0 ||
    !IAM_PATH.test(rest.slice(0, slash + 1)) ||
    !VIRTUAL_MFA_DEVICE_NAME.test(rest.slice(slash + 1))
  ) {
    throw new InvalidEventError(`${what} is not a virtual MFA device of account ${accountId}`);
  }
  if (!DELETABLE_SERIAL_NUMBER.test(serialNumber as string)) {
    throw new InvalidEventError(`${what} is not one DeleteVirtualMFADevice accepts`);
  }
  return serialNumber as string;
}

/** The partition a step's input names, checked. */
export function readPartition(value: unknown, what: string): Partition {
  if (value !== 'aws' && value !== 'aws-us-gov' && value !== 'aws-cn') {
    throw new InvalidEventError(`${what} has no valid partition`);
  }
  return value;
}

/**
 * Reads an {@link OrphanTarget} back from workflow state. The state came from `ParseEvent`, but a
 * function that deletes things checks its input itself: the serial number must be a virtual MFA
 * device of the target's own account and partition.
 */
export function readOrphanTarget(input: unknown): OrphanTarget {
  if (typeof input !== 'object' || input === null)
    throw new InvalidEventError('the orphan target is not an object');
  const { accountId, partition, serialNumber, cloudTrailEventId } = input as Record<string, unknown>;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    throw new InvalidEventError('the orphan target has no valid accountId');
  }
  const checkedPartition = readPartition(partition, 'the orphan target');
  return {
    accountId,
    partition: checkedPartition,
    serialNumber: virtualDeviceSerial(
      serialNumber,
      checkedPartition,
      accountId,
      "the orphan target's serial number",
    ),
    cloudTrailEventId: typeof cloudTrailEventId === 'string' ? cloudTrailEventId : 'unknown',
  };
}
