import type { IamApiCall } from '../../functions/core/cloudtrail-event';
import { InvalidEventError } from '../../functions/core/errors';
import {
  decideOrphanDeletion,
  identifyOrphan,
  isEntityAlreadyExists,
  virtualMfaDeviceArn,
  type OrphanTarget,
} from '../../functions/core/orphan';

const PROD = '222222222222';
const arn = (rest: string, account = PROD, partition = 'aws') =>
  `arn:${partition}:iam::${account}:mfa${rest}`;

function target(serialNumber: string): OrphanTarget {
  return {
    accountId: PROD,
    partition: 'aws',
    serialNumber,
    cloudTrailEventId: 'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5',
  };
}

const notListed = (serialNumber: string) => ({
  delete: false,
  reason: `${serialNumber} is not an unassigned device of account ${PROD} (already deleted, or assigned since)`,
});

describe('decideOrphanDeletion: delete only what a fresh Unassigned listing contains, exactly', () => {
  test('GIVEN the listing contains the serial number THEN the device is deleted', () => {
    const serial = arn('/alice');

    expect(decideOrphanDeletion(target(serial), [arn('/bob'), serial, arn('/carol')])).toEqual({
      delete: true,
    });
  });

  test('GIVEN an empty listing (already deleted, or assigned since) THEN nothing is deleted, with the reason', () => {
    const serial = arn('/alice');

    expect(decideOrphanDeletion(target(serial), [])).toEqual(notListed(serial));
  });

  test.each([
    [
      'a longer name with the same prefix',
      '/alice',
      [arn('/alice2'), arn('/alice-phone'), arn('/alice.old')],
    ],
    ['a shorter name that is a prefix', '/alice2', [arn('/alice')]],
    ['the name in another case', '/alice', [arn('/Alice'), arn('/ALICE')]],
    [
      'the same name at another path',
      '/alice',
      [arn('/engineering/alice'), arn('/engineering/team-a/alice')],
    ],
    [
      'the path as a parent of the name',
      '/engineering/alice',
      [arn('/alice'), arn('/engineering/team-a/alice')],
    ],
    ['a path that is a prefix of the path', '/engineering/team-a/alice', [arn('/engineering/alice')]],
    ['the serial with a trailing slash or space', '/alice', [`${arn('/alice')}/`, `${arn('/alice')} `]],
    ['the same device of another account', '/alice', [arn('/alice', '333333333333')]],
    ['the same device of another partition', '/alice', [arn('/alice', PROD, 'aws-us-gov')]],
    [
      'a hardware or U2F serial of the same user',
      '/alice',
      ['GAHT12345678', `arn:aws:iam::${PROD}:u2f/user/alice/key`],
    ],
  ])('GIVEN the listing holds only %s THEN nothing is deleted', (_, rest, listing) => {
    const serial = arn(rest);

    expect(decideOrphanDeletion(target(serial), listing)).toEqual(notListed(serial));
  });

  test('GIVEN a device at a non-default path WHEN exactly that serial is listed THEN it is deleted', () => {
    const serial = arn('/engineering/team-a/alice');

    expect(decideOrphanDeletion(target(serial), [arn('/alice'), arn('/engineering/alice'), serial])).toEqual({
      delete: true,
    });
  });

  test('GIVEN a listing that is a lazy iterable WHEN the serial appears THEN it stops reading there', () => {
    const serial = arn('/alice');
    const read: string[] = [];
    function* listing() {
      for (const s of [arn('/bob'), serial, arn('/carol')]) {
        read.push(s);
        yield s;
      }
    }

    expect(decideOrphanDeletion(target(serial), listing())).toEqual({ delete: true });
    expect(read).toEqual([arn('/bob'), serial]);
  });
});

describe('virtualMfaDeviceArn: arn:<partition>:iam::<account>:mfa<path><name>', () => {
  test.each([
    ['aws', '/', 'alice-phone', 'arn:aws:iam::222222222222:mfa/alice-phone'],
    ['aws', '/engineering/team-a/', 'alice', 'arn:aws:iam::222222222222:mfa/engineering/team-a/alice'],
    ['aws-us-gov', '/', 'judy', 'arn:aws-us-gov:iam::222222222222:mfa/judy'],
    ['aws-cn', '/ops/', 'kai', 'arn:aws-cn:iam::222222222222:mfa/ops/kai'],
  ] as const)(
    'GIVEN partition %s, path %s and name %s THEN the serial is %s',
    (partition, path, name, expected) => {
      expect(virtualMfaDeviceArn(partition, PROD, path, name)).toBe(expected);
    },
  );
});

describe('isEntityAlreadyExists: the clash, however CloudTrail spells it', () => {
  test.each(['EntityAlreadyExistsException', 'EntityAlreadyExists'])(
    'GIVEN %s THEN it is the clash',
    (code) => {
      expect(isEntityAlreadyExists(code)).toBe(true);
    },
  );

  test.each([
    undefined,
    '',
    'entityalreadyexistsexception',
    'ENTITYALREADYEXISTS',
    ' EntityAlreadyExists',
    'AlreadyExists',
    'EntityAlreadyExist',
    'NoSuchEntity',
    'NoSuchEntityException',
    'LimitExceededException',
    'AccessDenied',
    'ValidationError',
  ])('GIVEN %p THEN it is not the clash', (code) => {
    expect(isEntityAlreadyExists(code)).toBe(false);
  });
});

describe('identifyOrphan: names and paths at IAM limits', () => {
  function clash(requestParameters: Record<string, unknown>): IamApiCall {
    return {
      eventId: '6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
      cloudTrailEventId: 'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5',
      accountId: PROD,
      region: 'us-east-1',
      partition: 'aws',
      eventName: 'CreateVirtualMFADevice',
      errorCode: 'EntityAlreadyExistsException',
      requestParameters,
      actor: `arn:aws:iam::${PROD}:user/alice`,
    };
  }

  test('GIVEN a one-character name THEN it is accepted', () => {
    expect(identifyOrphan(clash({ virtualMFADeviceName: 'a' })).serialNumber).toBe(arn('/a'));
  });

  test('GIVEN a name of 226 characters (IAM maximum) THEN it is accepted', () => {
    const name = 'n'.repeat(226);

    expect(identifyOrphan(clash({ virtualMFADeviceName: name })).serialNumber).toBe(arn(`/${name}`));
  });

  test('GIVEN a name of 227 characters THEN it is rejected', () => {
    expect(() => identifyOrphan(clash({ virtualMFADeviceName: 'n'.repeat(227) }))).toThrow(InvalidEventError);
  });

  test('GIVEN path null (as CloudTrail may record an absent optional field) THEN the default path / is used', () => {
    expect(identifyOrphan(clash({ virtualMFADeviceName: 'alice', path: null })).serialNumber).toBe(
      arn('/alice'),
    );
  });

  // IAM's path pattern is (\u002F)|(\u002F[\u0021-\u007E]+\u002F): "//" has no character between its
  // slashes and is refused (corpus: path-double-slash), but "///" and "/../" are legal IAM paths. IAM
  // treats a path literally (no traversal), and orgmfa only ever uses the resulting ARN as an exact
  // SerialNumber that a fresh listing must contain, so accepting them is correct.
  test.each([
    ['///', arn('///alice')],
    ['/../', arn('/../alice')],
    ['/a//b/', arn('/a//b/alice')],
  ])('GIVEN the legal IAM path %s THEN the serial keeps it literally: %s', (path, expected) => {
    expect(identifyOrphan(clash({ virtualMFADeviceName: 'alice', path })).serialNumber).toBe(expected);
  });

  test('GIVEN a path of 512 characters (IAM maximum) THEN it is a valid path but beyond what DeleteVirtualMFADevice takes, and 513 is not a path', () => {
    const path512 = `/${'p'.repeat(510)}/`;
    const path513 = `/${'p'.repeat(511)}/`;

    expect(() => identifyOrphan(clash({ virtualMFADeviceName: 'a', path: path512 }))).toThrow(
      new InvalidEventError(
        `the device's serial number ${JSON.stringify(arn(`${path512}a`)).slice(0, 77)}... is beyond what DeleteVirtualMFADevice accepts (9-256 characters of [\\w+=/:,.@-])`,
      ),
    );
    expect(() => identifyOrphan(clash({ virtualMFADeviceName: 'a', path: path513 }))).toThrow(
      new InvalidEventError(
        `requestParameters.path ${JSON.stringify(path513).slice(0, 77)}... is not an IAM path (/ or /…/)`,
      ),
    );
  });

  test.each([
    ['CreateUser', 'EntityAlreadyExistsException', 'CreateUser is not CreateVirtualMFADevice'],
    ['CreateVirtualMFADevice', undefined, 'CreateVirtualMFADevice succeeded: there is no orphan to clean up'],
    [
      'CreateVirtualMFADevice',
      'LimitExceededException',
      'CreateVirtualMFADevice failed with LimitExceededException, not EntityAlreadyExists',
    ],
  ])('GIVEN %s failing with %p THEN it is rejected: %s', (eventName, errorCode, message) => {
    const call: IamApiCall = { ...clash({ virtualMFADeviceName: 'alice' }), eventName, errorCode };

    expect(() => identifyOrphan(call)).toThrow(new InvalidEventError(message));
  });

  /**
   * The orphan's serial number is used for one call, DeleteVirtualMFADevice, whose SerialNumber takes
   * 9 to 256 characters matching [\w+=/:,.@-]+ (IAM API Reference, DeleteVirtualMFADevice). An IAM path
   * may be 512 characters of any printable ASCII, so a clash can name a device orgmfa can never delete.
   * Such an event should be rejected up front with a reason (no action, no cross-account calls), not
   * routed to a clean-up whose delete call AWS would refuse, failing the workflow.
   */
  describe('serial numbers DeleteVirtualMFADevice cannot take', () => {
    test.each([
      ['longer than 256 characters', { virtualMFADeviceName: 'n'.repeat(200), path: `/${'p'.repeat(100)}/` }],
      ['with a path character outside [\\w+=/:,.@-]', { virtualMFADeviceName: 'alice', path: '/team~a/' }],
    ])('GIVEN a clash whose serial would be %s THEN it is rejected', (_, requestParameters) => {
      expect(() => identifyOrphan(clash(requestParameters))).toThrow(InvalidEventError);
    });
  });
});
