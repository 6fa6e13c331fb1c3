import { generate } from 'otplib';

/** TOTP's time step: IAM virtual MFA devices use RFC 6238 defaults (SHA-1, 6 digits, 30 s). */
export const TOTP_PERIOD_SECONDS = 30;

/** The index of the 30-second window that contains `epochSeconds`. */
export function totpWindow(epochSeconds: number): number {
  return Math.floor(epochSeconds / TOTP_PERIOD_SECONDS);
}

/** The six-digit code of a base32 `secret` for the window `window`. */
export function totpCodeForWindow(secret: string, window: number): Promise<string> {
  return generate({ secret, epoch: window * TOTP_PERIOD_SECONDS });
}
