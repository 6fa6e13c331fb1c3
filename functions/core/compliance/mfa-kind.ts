import type { MfaKind } from './model';

/**
 * The serial number of a FIDO security key or passkey: `arn:<partition>:iam::<account>:u2f/…`. Virtual
 * devices are `…:mfa/…`; hardware TOTP tokens are `…:mfa/…` or a bare serial (`GAHT…`).
 */
const FIDO_SERIAL = /^arn:[\w-]+:iam::\d{12}:u2f\//;

/**
 * What MFA a user has, from the serial numbers ListMFADevices returns for it: `otp` when any device
 * works with access keys (anything but FIDO), `fido-only` when every device is a FIDO security key or
 * passkey, `none` without devices.
 */
export function mfaKindOf(serialNumbers: readonly string[]): MfaKind {
  if (serialNumbers.length === 0) return 'none';
  return serialNumbers.every((serial) => FIDO_SERIAL.test(serial)) ? 'fido-only' : 'otp';
}
