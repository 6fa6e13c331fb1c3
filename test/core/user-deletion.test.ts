import { describeRemoval, planUserDeletion, type UserInventory } from '../../functions/core/user-deletion';

const NOW = new Date('2026-11-21T09:00:00Z');
const bare: UserInventory = {
  userName: 'dave',
  userId: 'AIDADAVE000000000001',
  createDate: new Date('2026-11-21T08:59:50Z'),
  loginProfile: false,
  accessKeys: [],
  signingCertificates: [],
  sshPublicKeys: [],
  serviceSpecificCredentials: [],
  mfaDevices: [],
  groups: [],
  attachedPolicies: [],
  inlinePolicies: [],
};
const expected = { userId: 'AIDADAVE000000000001', now: NOW };

describe('planUserDeletion', () => {
  test('a new user with nothing attached is deleted straight away', () => {
    expect(planUserDeletion(bare, expected)).toEqual({ delete: true, removals: [] });
  });

  test('everything DeleteUser requires removing is removed first, password first', () => {
    const loaded: UserInventory = {
      ...bare,
      loginProfile: true,
      accessKeys: ['AKIA1', 'AKIA2'],
      signingCertificates: ['CERT1'],
      sshPublicKeys: ['APKA1'],
      serviceSpecificCredentials: ['ACCA1'],
      groups: ['developers'],
      attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: ['own-bucket'],
    };
    const plan = planUserDeletion(loaded, expected);
    expect(plan.delete && plan.removals.map(describeRemoval)).toEqual([
      'its console password',
      'access key AKIA1',
      'access key AKIA2',
      'signing certificate CERT1',
      'SSH public key APKA1',
      'service-specific credential ACCA1',
      'its membership of group developers',
      'attached policy arn:aws:iam::aws:policy/ReadOnlyAccess',
      'inline policy own-bucket',
    ]);
  });

  test.each([
    [
      'a user re-created meanwhile (another unique id)',
      { userId: 'AIDAOTHER00000000001' },
      'user dave is not the user this provisioning was for (re-created meanwhile)',
    ],
    [
      'an established user (a forged or replayed CreateUser)',
      { createDate: new Date('2026-11-21T07:59:59Z') },
      'user dave was created at 2026-11-21T07:59:59.000Z, more than an hour ago: not a new user',
    ],
    [
      'a user holding an MFA device orgmfa did not create',
      { mfaDevices: ['arn:aws:iam::222222222222:mfa/dave-phone'] },
      'user dave holds MFA device arn:aws:iam::222222222222:mfa/dave-phone, which orgmfa did not create and does not deactivate',
    ],
  ])('%s is never deleted', (_label, override, reason) => {
    expect(planUserDeletion({ ...bare, ...override }, expected)).toEqual({ delete: false, reason });
  });
});
