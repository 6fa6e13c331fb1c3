/**
 * RFC 6238, Appendix B: the SHA-1 rows of the TOTP test vectors. The key is the ASCII string
 * "12345678901234567890" (base32 below), the time step 30 s, T0 = 0, and the codes have 8 digits.
 * IAM's virtual MFA devices use 6: the same dynamic truncation modulo 10^6, i.e. the last six digits.
 * These are independent of both TOTP implementations in this project, so they catch a bug the two
 * might share.
 */
export const RFC6238_SHA1_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

export const RFC6238_SHA1_VECTORS: readonly { readonly time: number; readonly code8: string }[] = [
  { time: 59, code8: '94287082' },
  { time: 1111111109, code8: '07081804' },
  { time: 1111111111, code8: '14050471' },
  { time: 1234567890, code8: '89005924' },
  { time: 2000000000, code8: '69279037' },
  { time: 20000000000, code8: '65353130' },
];
