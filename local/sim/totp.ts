import { createHmac } from 'node:crypto';

/**
 * The simulation's own TOTP (RFC 6238 over RFC 4226's HOTP, HMAC-SHA-1), written on node:crypto alone.
 * Simulated IAM and STS check codes with it rather than with orgmfa's functions/core/totp.ts: a
 * simulation that verified codes with the code it checks would accept whatever bug both shared. Both
 * implementations are pinned to RFC 6238's published test vectors (test/local/simulated-totp.test.ts
 * and test/core/totp.test.ts).
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of an RFC 4648 base32 secret (upper case, optional `=` padding). */
export function base32Decode(secret: string): Buffer {
  const text = secret.replace(/=+$/, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`${JSON.stringify(char)} is not a base32 character`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP: the `digits`-digit code of `key` for the 8-byte big-endian `counter`. */
export function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac('sha1', key).update(message).digest();
  // Dynamic truncation (RFC 4226, 5.3).
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step IAM's virtual MFA devices use. */
const STEP_SECONDS = 30;

/** The 30-second window (RFC 6238's T) that contains `epochMs`. */
export function simulatedTotpWindow(epochMs: number): number {
  return Math.floor(epochMs / 1000 / STEP_SECONDS);
}

/** The six-digit code IAM expects for the base32 `seed` in `window`. */
export function simulatedTotpCode(seed: string, window: number): string {
  return hotp(base32Decode(seed), window, 6);
}
