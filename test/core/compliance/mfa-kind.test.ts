import { mfaKindOf } from '../../../functions/core/compliance/mfa-kind';
import { ACCOUNT, deviceArn } from './fixtures';

const fido = (name: string) => `arn:aws:iam::${ACCOUNT}:u2f/user/fay/${name}`;

describe('mfaKindOf: what ListMFADevices serials say about a user’s MFA', () => {
  test.each([
    ['no device', [], 'none'],
    ['a virtual device', [deviceArn('fay-phone')], 'otp'],
    ['a hardware TOTP token (bare serial)', ['GAHT12345678'], 'otp'],
    ['one FIDO security key', [fido('fidosecuritykey-ABC')], 'fido-only'],
    ['two passkeys', [fido('passkey-1'), fido('passkey-2')], 'fido-only'],
    [
      'FIDO keys and a virtual device (several devices)',
      [fido('key'), deviceArn('fay-phone'), fido('key2')],
      'otp',
    ],
    ['a GovCloud FIDO key', ['arn:aws-us-gov:iam::111122223333:u2f/user/fay/key'], 'fido-only'],
    ['a serial that merely mentions u2f', [`arn:aws:iam::${ACCOUNT}:mfa/u2f`], 'otp'],
  ])('GIVEN %s THEN %s', (_label, serials, kind) => {
    expect(mfaKindOf(serials)).toBe(kind);
  });
});
