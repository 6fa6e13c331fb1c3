import { ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { complianceOrg, PROD } from '../helpers/compliance-org';
import { simulatedOrg } from '../helpers/simulated-org';

/**
 * The listings orgmfa reads return what AWS documents, and no more (the SDK's own doc comments):
 * ListVirtualMFADevices "does not return tags, even though they are an attribute of the returned
 * object. To view tag information for a virtual MFA device, see ListMFADeviceTags"; an MFADevice
 * (ListMFADevices) is UserName, SerialNumber and EnableDate, all three required.
 */
describe('simulated IAM listings have the documented shape', () => {
  function iamOf() {
    const fixture = complianceOrg();
    fixture.accounts.find((a) => a.id === PROD)!.iam.users.find((u) => u.userName === 'gina')!.mfaDevices = [
      'arn:aws:iam::222222222222:u2f/user/gina/key',
    ];
    const { sim, clients } = simulatedOrg(fixture);
    return clients.iam({ accountId: PROD, credentials: sim.issueSession(PROD, 'OrgMfaMemberRole', 'shape') });
  }

  test('GIVEN a tagged provisioned device WHEN ListVirtualMFADevices lists it THEN no Tags: serial, user and enable date only', async () => {
    const iam = iamOf();

    const { VirtualMFADevices = [] } = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }),
    );

    const gina = VirtualMFADevices.find((d) => d.SerialNumber === `arn:aws:iam::${PROD}:mfa/gina`)!;
    expect(Object.keys(gina).sort()).toEqual(['EnableDate', 'SerialNumber', 'User']);
    expect(Object.keys(gina.User!).sort()).toEqual(['Arn', 'CreateDate', 'Path', 'UserId', 'UserName']);
    for (const device of VirtualMFADevices) {
      expect(device).not.toHaveProperty('Tags');
      expect(device).not.toHaveProperty('Base32StringSeed');
      expect(device).not.toHaveProperty('QRCodePNG');
      // Assigned devices carry the date they were enabled; unassigned ones neither user nor date.
      expect(device.EnableDate instanceof Date).toBe(device.User !== undefined);
    }
  });

  test('GIVEN a virtual and a FIDO device WHEN ListMFADevices lists them THEN each is UserName, SerialNumber and EnableDate', async () => {
    const iam = iamOf();

    const { MFADevices = [] } = await iam.send(new ListMFADevicesCommand({ UserName: 'gina' }));

    expect(MFADevices.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${PROD}:mfa/gina`,
      'arn:aws:iam::222222222222:u2f/user/gina/key',
    ]);
    for (const device of MFADevices) {
      expect(Object.keys(device).sort()).toEqual(['EnableDate', 'SerialNumber', 'UserName']);
      expect(device.EnableDate).toBeInstanceOf(Date);
    }
  });
});
