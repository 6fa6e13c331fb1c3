import {
  EnableMFADeviceCommand,
  InvalidAuthenticationCodeException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { firstAttemptWindows, retryWindows, type CodeWindows } from '../core/provisioning';
import { totpCodeForWindow } from '../core/totp';
import type { Log } from '../aws/log';

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
    if (!(error instanceof InvalidAuthenticationCodeException)) throw error;
    const retry = retryWindows(deps.clock());
    deps.log.info('authentication codes refused, retrying with the next window', { waitMs: retry.waitMs });
    await deps.sleep(retry.waitMs);
    await attempt(retry);
  }
}
