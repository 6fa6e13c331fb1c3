import { base32Decode, hotp, simulatedTotpCode, simulatedTotpWindow } from '../../local/sim/totp';
import { RFC6238_SHA1_SECRET_BASE32, RFC6238_SHA1_VECTORS } from '../helpers/rfc6238-vectors';

describe("the simulation's own TOTP (node:crypto), pinned to RFC 6238's vectors", () => {
  test('the base32 secret decodes to the ASCII key "12345678901234567890"', () => {
    expect(base32Decode(RFC6238_SHA1_SECRET_BASE32).toString('ascii')).toBe('12345678901234567890');
  });

  test.each(RFC6238_SHA1_VECTORS)('at T = $time s the 8-digit code is $code8', ({ time, code8 }) => {
    expect(hotp(base32Decode(RFC6238_SHA1_SECRET_BASE32), simulatedTotpWindow(time * 1000), 8)).toBe(code8);
  });

  test.each(RFC6238_SHA1_VECTORS)(
    'at T = $time s the 6-digit code IAM checks is the last six of $code8',
    ({ time, code8 }) => {
      expect(simulatedTotpCode(RFC6238_SHA1_SECRET_BASE32, simulatedTotpWindow(time * 1000))).toBe(
        code8.slice(-6),
      );
    },
  );

  test('RFC 4226 Appendix D: HOTP of the same key for counters 0 to 9', () => {
    const key = Buffer.from('12345678901234567890', 'ascii');
    expect(Array.from({ length: 10 }, (_, counter) => hotp(key, counter, 6))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });

  test('a character outside the base32 alphabet is refused, not skipped', () => {
    expect(() => base32Decode('GEZD1')).toThrow('"1" is not a base32 character');
  });
});
