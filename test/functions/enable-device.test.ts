import {
  EnableMFADeviceCommand,
  EntityAlreadyExistsException,
  IAMClient,
  ListMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { enableDevice } from '../../functions/provision-mfa/enable-device';

const SERIAL = 'arn:aws:iam::222222222222:mfa/dave';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const inUse = () =>
  new EntityAlreadyExistsException({
    message: 'MFA Device is already in use.',
    $metadata: { httpStatusCode: 409 },
  });

function setUp() {
  const iam = mockClient(IAMClient);
  const deps = {
    clock: () => new Date('2026-11-21T09:00:10Z'),
    sleep: async () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
  };
  const enable = () =>
    enableDevice(deps, new IAMClient({}), { userName: 'dave', serialNumber: SERIAL, seed: SEED });
  return { iam, enable };
}

describe('enableDevice: EntityAlreadyExists ("already in use") after an answer was lost', () => {
  test('the device is assigned to the user (the lost call took effect): enabled, no error', async () => {
    const { iam, enable } = setUp();
    iam.on(EnableMFADeviceCommand).rejects(inUse());
    iam.on(ListMFADevicesCommand, { UserName: 'dave' }).resolves({
      MFADevices: [{ UserName: 'dave', SerialNumber: SERIAL, EnableDate: new Date() }],
    });

    await expect(enable()).resolves.toBeUndefined();
    expect(iam).toHaveReceivedCommandWith(ListMFADevicesCommand, { UserName: 'dave' });
  });

  test("the device is not among the user's devices: the refusal stands", async () => {
    const { iam, enable } = setUp();
    iam.on(EnableMFADeviceCommand).rejects(inUse());
    iam.on(ListMFADevicesCommand).resolves({
      MFADevices: [
        { UserName: 'dave', SerialNumber: 'arn:aws:iam::222222222222:mfa/other', EnableDate: new Date() },
      ],
    });

    await expect(enable()).rejects.toBeInstanceOf(EntityAlreadyExistsException);
  });
});
