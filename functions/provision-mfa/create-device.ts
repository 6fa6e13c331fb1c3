import { createHash } from 'node:crypto';
import { CreateVirtualMFADeviceCommand, EntityAlreadyExistsException, type Tag } from '@aws-sdk/client-iam';
import type { WorkflowAction } from '../core/actions';
import { CREATION_TAG_KEY } from '../core/naming';
import { DeviceInTheWayError } from '../core/errors';
import { virtualDeviceSerial, virtualMfaDeviceArn } from '../core/orphan';
import { keptComingBack } from '../core/stale-device';
import type { ClashDepsSource } from '../aws/resolve-clash';
import { clearTheWay, type Clearance, type InTheWayContext } from './clear-the-way';

/**
 * How many times provisioning tries to create the device in one invocation: the first try, and a try
 * after each time it found the name free (a device deleted by the orphan rule, or gone). A name that is
 * taken again every time is someone re-creating it, not a stale device.
 */
const MAX_CREATE_ATTEMPTS = 3;

/** The user's new device and its seed, and the devices deleted to make way for it; or what to do instead. */
export type Creation =
  | {
      readonly created: true;
      readonly serialNumber: string;
      readonly seed: string;
      /** The stale devices deleted on the way (DeleteVirtualMFADevice actions). */
      readonly cleared: readonly WorkflowAction[];
    }
  | { readonly created: false; readonly instead: Exclude<Clearance, { next: 'create' }> };

/**
 * Creates the user's virtual MFA device `deviceName` with `tags`. When a device of that name is in the
 * way (`EntityAlreadyExists`), {@link clearTheWay} decides: create again once it is gone, skip when it
 * is orgmfa's for this user, or wait. The seed stays in this function's caller.
 *
 * @throws DeviceInTheWayError when the device may not be removed, or the name keeps being taken; any
 *   error of the calls (ThrottledError for throttling), for the caller's failure handling.
 */
export async function createDevice(
  deps: ClashDepsSource,
  ctx: Omit<InTheWayContext, 'serialNumber' | 'clashAt' | 'creation'> & { readonly tags: readonly Tag[] },
): Promise<Creation> {
  const { request, deviceName } = ctx;
  // The device IAM creates without a path: mfa/<name>, as DeleteVirtualMFADevice would take it.
  const serialNumber = virtualDeviceSerial(
    virtualMfaDeviceArn(request.partition, request.accountId, '/', deviceName),
    request.partition,
    request.accountId,
    `the device name ${deviceName}'s serial number`,
  );
  const cleared: WorkflowAction[] = [];
  // One value per workflow execution: the SDK's retries of a call carry the same request, and the
  // workflow's retries and rounds of the step the same execution, so a device this execution created
  // (its answer, and the seed, lost) is recognised, while another delivery's execution has another.
  // A digest: a tag value takes fewer characters than an execution name.
  const creation = createHash('sha256').update(request.execution).digest('hex').slice(0, 32);
  for (let attempt = 1; ; attempt++) {
    try {
      const { VirtualMFADevice } = await ctx.iam.send(
        new CreateVirtualMFADeviceCommand({
          VirtualMFADeviceName: deviceName,
          Tags: [...ctx.tags, { Key: CREATION_TAG_KEY, Value: creation }],
        }),
      );
      return {
        created: true,
        serialNumber: VirtualMFADevice?.SerialNumber ?? '',
        seed: new TextDecoder().decode(VirtualMFADevice?.Base32StringSeed),
        cleared,
      };
    } catch (error) {
      if (!(error instanceof EntityAlreadyExistsException)) throw error;
    }
    const clashAt = deps.clock().toISOString();
    if (attempt === MAX_CREATE_ATTEMPTS) {
      throw new DeviceInTheWayError(
        keptComingBack(
          { serialNumber, userName: request.userName, accountId: request.accountId },
          attempt - 1,
        ),
      );
    }
    const clearance = await clearTheWay(deps, { ...ctx, serialNumber, clashAt, creation });
    if (clearance.next !== 'create') return { created: false, instead: clearance };
    cleared.push(...clearance.actions);
  }
}
