import { InvalidEventError } from '../../functions/core/errors';
import { readOrphanTarget } from '../../functions/core/orphan';
import { routeEvent } from '../../functions/core/route';
import { exampleEvent } from '../helpers/simulated-org';

const PROD = '222222222222';
const EVENT_ID = 'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5';
const NOT_A_DEVICE = `the orphan target's serial number is not a virtual MFA device of account ${PROD}`;

function input(serialNumber: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { accountId: PROD, partition: 'aws', serialNumber, cloudTrailEventId: EVENT_ID, ...overrides };
}

describe('readOrphanTarget: CleanUpOrphan checks what it is asked to delete', () => {
  test("GIVEN ParseEvent's output for the example event WHEN read back through JSON THEN it is accepted unchanged", () => {
    const route = routeEvent(exampleEvent('orphan-clash'), 'aws');
    const wire = JSON.parse(JSON.stringify(route.device)) as unknown;

    expect(readOrphanTarget(wire)).toEqual({
      accountId: PROD,
      partition: 'aws',
      serialNumber: `arn:aws:iam::${PROD}:mfa/alice-phone`,
      cloudTrailEventId: EVENT_ID,
    });
  });

  test.each([
    ['aws', `arn:aws:iam::${PROD}:mfa/engineering/team-a/alice`],
    ['aws-us-gov', `arn:aws-us-gov:iam::${PROD}:mfa/judy`],
    ['aws-cn', `arn:aws-cn:iam::${PROD}:mfa/kai+phone=2,x@y.z_-`],
  ])(
    'GIVEN a %s device %s of its own account and partition THEN it is accepted',
    (partition, serialNumber) => {
      expect(readOrphanTarget(input(serialNumber, { partition }))).toEqual(
        input(serialNumber, { partition }),
      );
    },
  );

  test('GIVEN no cloudTrailEventId THEN it reads as "unknown" (it is only carried for logs)', () => {
    const { cloudTrailEventId: _, ...rest } = input(`arn:aws:iam::${PROD}:mfa/alice`);

    expect(readOrphanTarget(rest).cloudTrailEventId).toBe('unknown');
  });

  test.each([null, undefined, 'arn:aws:iam::222222222222:mfa/alice', 42, true])(
    'GIVEN %p THEN it is rejected: the orphan target is not an object',
    (value) => {
      expect(() => readOrphanTarget(value)).toThrow(
        new InvalidEventError('the orphan target is not an object'),
      );
    },
  );

  test.each([
    ['missing', undefined],
    ['11 digits', '22222222222'],
    ['13 digits', '2222222222222'],
    ['a number', 222222222222],
    ['with letters', '22222222222a'],
    ['with a trailing newline', `${PROD}\n`],
  ])('GIVEN an accountId %s THEN it is rejected: no valid accountId', (_, accountId) => {
    expect(() => readOrphanTarget(input(`arn:aws:iam::${PROD}:mfa/alice`, { accountId }))).toThrow(
      new InvalidEventError('the orphan target has no valid accountId'),
    );
  });

  test.each([undefined, 'aws-iso', 'aws-iso-b', 'aws-eusc', 'AWS', ''])(
    'GIVEN partition %p THEN it is rejected: no valid partition',
    (partition) => {
      expect(() => readOrphanTarget(input(`arn:aws:iam::${PROD}:mfa/alice`, { partition }))).toThrow(
        new InvalidEventError('the orphan target has no valid partition'),
      );
    },
  );

  test.each([
    ['of another account', 'arn:aws:iam::333333333333:mfa/alice'],
    ['of an account that extends this one', `arn:aws:iam::${PROD}3:mfa/alice`],
    ['of another partition', `arn:aws-us-gov:iam::${PROD}:mfa/alice`],
    ['with no partition', `arn::iam::${PROD}:mfa/alice`],
    ['of a user', `arn:aws:iam::${PROD}:user/alice`],
    ['of a role', `arn:aws:iam::${PROD}:role/OrgMfaMemberRole`],
    ['of a U2F security key', `arn:aws:iam::${PROD}:u2f/user/alice/key-ABCDEFGHIJKLMNOP`],
    ['of a hardware token (its serial is not an ARN)', 'GAHT12345678'],
    ['of another service', `arn:aws:sts::${PROD}:mfa/alice`],
    ['without a name', `arn:aws:iam::${PROD}:mfa`],
    ['with an empty name', `arn:aws:iam::${PROD}:mfa/`],
    ['with a name ending in a slash', `arn:aws:iam::${PROD}:mfa/alice/`],
    ['of a resource type that starts with mfa', `arn:aws:iam::${PROD}:mfadevice/alice`],
    ['with the path //', `arn:aws:iam::${PROD}:mfa//alice`],
    ['with a space in the path', `arn:aws:iam::${PROD}:mfa/my team/alice`],
    ['with a wildcard name', `arn:aws:iam::${PROD}:mfa/*`],
    ['with a name outside [\\w+=,.@-]', `arn:aws:iam::${PROD}:mfa/alice:phone`],
    ['with a trailing newline', `arn:aws:iam::${PROD}:mfa/alice\n`],
    ['with a name of 227 characters', `arn:aws:iam::${PROD}:mfa/${'n'.repeat(227)}`],
    ['with a path over 512 characters', `arn:aws:iam::${PROD}:mfa/${'p'.repeat(512)}/alice`],
    ['that is not a string', 42],
    ['that is missing', undefined],
  ])('GIVEN a serial number %s THEN it is rejected', (_, serialNumber) => {
    expect(() => readOrphanTarget(input(serialNumber))).toThrow(new InvalidEventError(NOT_A_DEVICE));
  });

  // A literal IAM path, not a traversal: IAM's path pattern allows "/../", and the serial number is only
  // ever compared exactly with a fresh listing of the same account before it is deleted.
  test('GIVEN a serial with the legal IAM path /../ THEN it is accepted as that literal path', () => {
    const serialNumber = `arn:aws:iam::${PROD}:mfa/../alice`;

    expect(readOrphanTarget(input(serialNumber)).serialNumber).toBe(serialNumber);
  });

  // DeleteVirtualMFADevice takes a SerialNumber of at most 256 characters (IAM API Reference); this
  // function is the last check before that call, so a serial IAM cannot take should be refused here.
  test('GIVEN a serial number longer than the 256 characters DeleteVirtualMFADevice accepts THEN it is rejected', () => {
    const serialNumber = `arn:aws:iam::${PROD}:mfa/${'p'.repeat(100)}/${'n'.repeat(200)}`;

    expect(() => readOrphanTarget(input(serialNumber))).toThrow(InvalidEventError);
  });
});
