import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, type IAMClient } from '@aws-sdk/client-iam';
import { totpCodeForWindow, totpWindow } from '../functions/core/totp';

/**
 * What a person does at the console's "Assign MFA device": create a virtual device named `deviceName`
 * and enable it for `userName` with two consecutive codes from the authenticator app (here, computed
 * from the seed IAM returned). Returns the device's serial number.
 */
export async function enrolVirtualDevice(
  iam: IAMClient,
  userName: string,
  deviceName: string,
): Promise<string> {
  const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName }));
  const seed = new TextDecoder().decode(created.VirtualMFADevice?.Base32StringSeed);
  const window = totpWindow(Date.now() / 1000);
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: created.VirtualMFADevice?.SerialNumber,
      AuthenticationCode1: await totpCodeForWindow(seed, window - 1),
      AuthenticationCode2: await totpCodeForWindow(seed, window),
    }),
  );
  return created.VirtualMFADevice?.SerialNumber ?? '';
}
