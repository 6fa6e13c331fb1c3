import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { RFC6238_SHA1_SECRET_BASE32, RFC6238_SHA1_VECTORS } from '../helpers/rfc6238-vectors';

/**
 * orgmfa's TOTP (otplib) against RFC 6238's vectors: the simulated IAM checks codes with its own
 * implementation, and only these independent vectors can catch a bug in either.
 */
describe('totpCodeForWindow, pinned to RFC 6238', () => {
  test.each(RFC6238_SHA1_VECTORS)(
    'at T = $time s it gives the last six digits of $code8',
    async ({ time, code8 }) => {
      expect(await totpCodeForWindow(RFC6238_SHA1_SECRET_BASE32, totpWindow(time))).toBe(code8.slice(-6));
    },
  );

  test('the window is the 30-second step that contains the time', () => {
    expect([totpWindow(0), totpWindow(29.999), totpWindow(30), totpWindow(59)]).toEqual([0, 0, 1, 1]);
  });
});
