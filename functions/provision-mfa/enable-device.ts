import {
  EnableMFADeviceCommand,
  EntityAlreadyExistsException,
  InvalidAuthenticationCodeException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { firstAttemptWindows, retryWindows, type CodeWindows } from '../core/provisioning';
import { totpCodeForWindow } from '../core/totp';
import type { Log } from '../aws/log';
import { userMfaDevices } from '../aws/user-mfa-devices';

/** What enabling needs besides the client: the time, a way to wait, and a logger. */
export interface EnableDeps {
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Log;
}

/**
 * Enables a virtual MFA device server-side with two consecutive TOTP codes. The first attempt sends
 * the previous and the current window's codes, both known at once. If IAM refuses them (its clock
 * ahead of ours), the one retry waits for the next window and sends the current and next codes.
 *
 * `EntityAlreadyExists` ("MFA Device is already in use") is what the SDK's own retry gets when an
 * earlier try took effect and its answer was lost (a 5xx or a timeout after IAM enabled the device):
 * when ListMFADevices shows the device assigned to this very user, it is enabled, and nothing must be
 * undone (undoing would fail on the assigned device, or worse, report a provisioned user as failed).
 */
export async function enableDevice(
  deps: EnableDeps,
  iam: IAMClient,
  device: { readonly userName: string; readonly serialNumber: string; readonly seed: string },
): Promise<void> {
  const attempt = async (windows: CodeWindows) => {
    const [AuthenticationCode1, AuthenticationCode2] = await Promise.all([
      totpCodeForWindow(device.seed, windows.first),
      totpCodeForWindow(device.seed, windows.second),
    ]);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: device.userName,
        SerialNumber: device.serialNumber,
        AuthenticationCode1,
        AuthenticationCode2,
      }),
    );
  };
  try {
    await attempt(firstAttemptWindows(deps.clock()));
  } catch (error) {
    if (error instanceof EntityAlreadyExistsException) return enabledBefore(deps, iam, device, error);
    if (!(error instanceof InvalidAuthenticationCodeException)) throw error;
    const retry = retryWindows(deps.clock());
    deps.log.info('authentication codes refused, retrying with the next window', { waitMs: retry.waitMs });
    await deps.sleep(retry.waitMs);
    await attempt(retry);
  }
}

/** Returns when the device is assigned to the user already (an earlier try took effect); rethrows `error` otherwise. */
async function enabledBefore(
  deps: EnableDeps,
  iam: IAMClient,
  device: { readonly userName: string; readonly serialNumber: string },
  error: EntityAlreadyExistsException,
): Promise<void> {
  const assigned = await userMfaDevices(iam, device.userName);
  if (!assigned?.includes(device.serialNumber)) throw error;
  deps.log.info('the device was already enabled for the user: an earlier try took effect', {
    userName: device.userName,
    serialNumber: device.serialNumber,
  });
}
