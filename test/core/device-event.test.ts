import { readIamApiCall } from '../../functions/core/cloudtrail-event';
import { deviceChangeOf, identifyDeviceEvent, readDeviceEvent } from '../../functions/core/device-event';
import { InvalidEventError } from '../../functions/core/errors';
import { routeEvent } from '../../functions/core/route';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import { exampleEvent } from '../helpers/simulated-org';

const PROD = '222222222222';
const TIME = new Date('2026-11-21T09:14:40Z');
const SERIAL = `arn:aws:iam::${PROD}:mfa/bob-new`;

function call(eventName: string, requestParameters: Record<string, unknown>, error?: string) {
  return readIamApiCall(
    cloudTrailEvent({
      accountId: PROD,
      caller: { type: 'AssumedRole', roleName: 'AWSReservedSSO_Admin_0a1b', sessionName: 'ann@example.com' },
      eventName,
      requestParameters,
      ...(error === undefined ? {} : { error: { code: error, message: 'failed' } }),
      time: TIME,
    }),
    'aws',
  );
}

const ADMIN = `arn:aws:sts::${PROD}:assumed-role/AWSReservedSSO_Admin_0a1b/ann@example.com`;

describe('identifyDeviceEvent: what a CloudTrail event says about one device', () => {
  test('GIVEN a successful CreateVirtualMFADevice by an administrator THEN a creation by that session, at the event time', () => {
    expect(
      identifyDeviceEvent(call('CreateVirtualMFADevice', { virtualMFADeviceName: 'bob-new' })),
    ).toMatchObject({
      accountId: PROD,
      partition: 'aws',
      serialNumber: SERIAL,
      kind: 'Created',
      by: ADMIN,
      at: '2026-11-21T09:14:40.000Z',
      round: 0,
    });
  });

  test('GIVEN the EntityAlreadyExists clash THEN a clash by the failing caller', () => {
    const event = identifyDeviceEvent(
      call(
        'CreateVirtualMFADevice',
        { virtualMFADeviceName: 'bob-new', path: '/' },
        'EntityAlreadyExistsException',
      ),
    );
    expect(event).toMatchObject({ serialNumber: SERIAL, kind: 'Clash', by: ADMIN });
  });

  test('GIVEN another failure of CreateVirtualMFADevice THEN it is rejected: nothing was created, nothing clashed', () => {
    expect(() =>
      identifyDeviceEvent(
        call('CreateVirtualMFADevice', { virtualMFADeviceName: 'bob-new' }, 'AccessDenied'),
      ),
    ).toThrow(
      new InvalidEventError('CreateVirtualMFADevice failed with AccessDenied, not EntityAlreadyExists'),
    );
  });

  test('GIVEN a DeleteVirtualMFADevice THEN a deletion; a failed one changed nothing', () => {
    expect(identifyDeviceEvent(call('DeleteVirtualMFADevice', { serialNumber: SERIAL }))).toMatchObject({
      kind: 'Deleted',
      serialNumber: SERIAL,
    });
    expect(() =>
      identifyDeviceEvent(
        call('DeleteVirtualMFADevice', { serialNumber: SERIAL }, 'DeleteConflictException'),
      ),
    ).toThrow(
      new InvalidEventError('DeleteVirtualMFADevice failed with DeleteConflictException: nothing changed'),
    );
  });

  test('GIVEN a deletion naming another account’s device THEN it is rejected', () => {
    expect(() =>
      identifyDeviceEvent(
        call('DeleteVirtualMFADevice', { serialNumber: 'arn:aws:iam::333333333333:mfa/x' }),
      ),
    ).toThrow(new InvalidEventError(`the serial number is not a virtual MFA device of account ${PROD}`));
  });

  test('GIVEN an event without eventTime THEN it is rejected: the record orders facts by it', () => {
    const event = cloudTrailEvent({
      accountId: PROD,
      userName: 'bob',
      eventName: 'CreateVirtualMFADevice',
      requestParameters: { virtualMFADeviceName: 'bob-new' },
      time: TIME,
    });
    delete (event.detail as Record<string, unknown>).eventTime;

    expect(routeEvent(event, 'aws')).toMatchObject({
      route: 'Reject',
      reason:
        "CreateVirtualMFADevice has no detail.eventTime: orgmfa's device record needs the time of the call",
    });
  });
});

describe('deviceChangeOf: enabling and deactivating are recorded alongside the user re-evaluation', () => {
  test.each([
    ['EnableMFADevice', 'Enabled'],
    ['DeactivateMFADevice', 'Deactivated'],
  ])(
    'GIVEN %s of a virtual device THEN the route re-evaluates the user and records the device (%s)',
    (eventName, kind) => {
      const event = cloudTrailEvent({
        accountId: PROD,
        userName: 'bob',
        eventName,
        requestParameters: { userName: 'bob', serialNumber: SERIAL },
        time: TIME,
      });

      expect(routeEvent(event, 'aws')).toMatchObject({
        route: 'EvaluateUser',
        user: { userName: 'bob' },
        device: { kind, serialNumber: SERIAL, by: `arn:aws:iam::${PROD}:user/bob` },
      });
    },
  );

  test.each([
    ['a hardware token', 'GAHT12345678'],
    ['a security key', `arn:aws:iam::${PROD}:u2f/user/bob/key-1`],
    ['another account’s device', 'arn:aws:iam::333333333333:mfa/bob'],
  ])('GIVEN %s THEN nothing is recorded, and the user is still re-evaluated', (_, serialNumber) => {
    const event = cloudTrailEvent({
      accountId: PROD,
      userName: 'bob',
      eventName: 'EnableMFADevice',
      requestParameters: { userName: 'bob', serialNumber },
      time: TIME,
    });

    expect(routeEvent(event, 'aws')).toMatchObject({
      route: 'EvaluateUser',
      device: null,
      user: { userName: 'bob' },
    });
  });

  test('GIVEN a call that is not about a device THEN no device event', () => {
    expect(deviceChangeOf(call('CreateLoginProfile', { userName: 'bob' }))).toBeNull();
  });
});

describe('readDeviceEvent: the device step checks its input', () => {
  test('GIVEN what ParseEvent returns, through JSON THEN it reads back unchanged', () => {
    const route = routeEvent(exampleEvent('device-created'), 'aws');
    const wire = JSON.parse(JSON.stringify(route.device)) as unknown;

    expect(readDeviceEvent(wire)).toEqual(route.device);
  });

  test.each([
    [null, 'the device event is not an object'],
    [{ accountId: '1' }, 'the device event has no valid accountId'],
    [{ accountId: PROD, partition: 'aws-iso' }, 'the device event has no valid partition'],
    [
      { accountId: PROD, partition: 'aws', serialNumber: `arn:aws:iam::${PROD}:user/bob` },
      `the device event's serial number is not a virtual MFA device of account ${PROD}`,
    ],
  ])('GIVEN %j THEN it is rejected: %s', (input, message) => {
    expect(() => readDeviceEvent(input)).toThrow(new InvalidEventError(message));
  });
});
