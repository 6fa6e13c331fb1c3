import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { UserFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';

/** The organization with `zoe` in prod carrying every kind of attachment IAM's DeleteUser refuses. */
function withLoadedUser(user: Partial<UserFixture> = {}) {
  const fixture = orgFixture();
  fixture.accounts[1]!.iam.users.push({
    userName: 'zoe',
    path: '/',
    consolePassword: true,
    accessKeys: [{ active: true }, { active: false }],
    tags: {},
    signingCertificates: ['CERT0000000000000001'],
    sshPublicKeys: ['APKA0000000000000001'],
    serviceSpecificCredentials: ['ACCA0000000000000001'],
    groups: ['developers'],
    attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    inlinePolicies: ['own-bucket'],
    ...user,
  });
  const org = simulatedOrg(fixture);
  return { ...org, iam: org.clients.iam(org.asUser(PROD, 'admin')) };
}

describe('simulated IAM users: ids, ARNs and deletion as IAM does them', () => {
  test('a user re-created under the same name gets a different unique id', async () => {
    const { iam, sim } = withLoadedUser({ consolePassword: false, accessKeys: [], ...NOTHING });
    const before = (await iam.send(new GetUserCommand({ UserName: 'zoe' }))).User!.UserId;

    await iam.send(new DeleteUserCommand({ UserName: 'zoe' }));
    const created = (await iam.send(new CreateUserCommand({ UserName: 'zoe' }))).User!.UserId;
    const after = (await iam.send(new GetUserCommand({ UserName: 'zoe' }))).User!.UserId;

    expect(before).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(created).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(after).toBe(created);
    expect(after).not.toBe(before);
    expect(sim.account(PROD)!.iam.users.find((u) => u.userName === 'zoe')!.userId).toBe(created);
  });

  test("GetCallerIdentity of an IAM user answers its unique id and its ARN with the user's path", async () => {
    const { clients, asUser, sim } = simulatedOrg();
    const identity = await clients.sts(asUser(PROD, 'bob')).send(new GetCallerIdentityCommand({}));
    const bob = await clients.iam(asUser(PROD, 'admin')).send(new GetUserCommand({ UserName: 'bob' }));

    expect(identity).toMatchObject({
      UserId: bob.User!.UserId,
      Account: PROD,
      Arn: `arn:aws:iam::${PROD}:user/engineering/bob`,
    });
    // A role session's UserId is the role's id and the session name: never a user's.
    const session = sim.issueSession(PROD, 'ReadOnly', 'auditor');
    const role = await clients
      .sts({ accountId: PROD, credentials: session })
      .send(new GetCallerIdentityCommand({}));
    expect(role.UserId).toMatch(/^AROA[0-9A-F]{17}:auditor$/);
  });

  test('DeleteUser refuses with DeleteConflict while anything IAM requires removing remains, then succeeds', async () => {
    const { iam, sim } = withLoadedUser();
    const conflicts: string[] = [];
    const attemptDelete = async () => {
      try {
        await iam.send(new DeleteUserCommand({ UserName: 'zoe' }));
        return true;
      } catch (error) {
        expect(error).toMatchObject({ name: 'DeleteConflictException' });
        conflicts.push((error as Error).message);
        return false;
      }
    };
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'zoe' }))).AccessKeyMetadata!;
    const removals = [
      () => iam.send(new DeleteLoginProfileCommand({ UserName: 'zoe' })),
      // The second key keeps its id once the first is gone.
      () => iam.send(new DeleteAccessKeyCommand({ UserName: 'zoe', AccessKeyId: keys[0]!.AccessKeyId })),
      () => iam.send(new DeleteAccessKeyCommand({ UserName: 'zoe', AccessKeyId: keys[1]!.AccessKeyId })),
      async () => {
        const { Certificates } = await iam.send(new ListSigningCertificatesCommand({ UserName: 'zoe' }));
        await iam.send(
          new DeleteSigningCertificateCommand({
            UserName: 'zoe',
            CertificateId: Certificates![0]!.CertificateId,
          }),
        );
      },
      async () => {
        const { SSHPublicKeys } = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'zoe' }));
        await iam.send(
          new DeleteSSHPublicKeyCommand({
            UserName: 'zoe',
            SSHPublicKeyId: SSHPublicKeys![0]!.SSHPublicKeyId,
          }),
        );
      },
      async () => {
        const { ServiceSpecificCredentials } = await iam.send(
          new ListServiceSpecificCredentialsCommand({ UserName: 'zoe' }),
        );
        await iam.send(
          new DeleteServiceSpecificCredentialCommand({
            UserName: 'zoe',
            ServiceSpecificCredentialId: ServiceSpecificCredentials![0]!.ServiceSpecificCredentialId,
          }),
        );
      },
      async () => {
        const { Groups } = await iam.send(new ListGroupsForUserCommand({ UserName: 'zoe' }));
        await iam.send(new RemoveUserFromGroupCommand({ UserName: 'zoe', GroupName: Groups![0]!.GroupName }));
      },
      async () => {
        const { AttachedPolicies } = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'zoe' }));
        await iam.send(
          new DetachUserPolicyCommand({ UserName: 'zoe', PolicyArn: AttachedPolicies![0]!.PolicyArn }),
        );
      },
      async () => {
        const { PolicyNames } = await iam.send(new ListUserPoliciesCommand({ UserName: 'zoe' }));
        await iam.send(new DeleteUserPolicyCommand({ UserName: 'zoe', PolicyName: PolicyNames![0] }));
      },
    ];
    for (const remove of removals) {
      expect(await attemptDelete()).toBe(false);
      await remove();
    }

    expect(await attemptDelete()).toBe(true);
    expect(conflicts).toEqual([
      'Cannot delete entity, must delete login profile first.',
      'Cannot delete entity, must delete access keys first.',
      'Cannot delete entity, must delete access keys first.',
      'Cannot delete entity, must delete signing certificates first.',
      'Cannot delete entity, must delete SSH public keys first.',
      'Cannot delete entity, must delete service specific credentials first.',
      'Cannot delete entity, must remove users from group first.',
      'Cannot delete entity, must detach all policies first.',
      'Cannot delete entity, must delete policies first.',
    ]);
    expect(sim.account(PROD)!.iam.users.map((u) => u.userName)).not.toContain('zoe');
  });

  test('an assigned virtual MFA device or a hardware device also blocks DeleteUser', async () => {
    const bare = { consolePassword: false, accessKeys: [], ...NOTHING };
    const virtual = withLoadedUser(bare);
    virtual.sim.account(PROD)!.iam.virtualMfaDevices.push({ name: 'zoe', path: '/', assignedTo: 'zoe' });
    const hardware = withLoadedUser({ ...bare, mfaDevices: ['GAHT12345678'] });

    for (const { iam } of [virtual, hardware]) {
      await expect(iam.send(new DeleteUserCommand({ UserName: 'zoe' }))).rejects.toMatchObject({
        name: 'DeleteConflictException',
        message: 'Cannot delete entity, must delete MFA device first.',
      });
    }
  });

  test('removing what is not there is NoSuchEntity, and changes nothing', async () => {
    const { iam, sim } = withLoadedUser();
    const before = structuredClone(sim.state);
    await expect(
      iam.send(new DetachUserPolicyCommand({ UserName: 'zoe', PolicyArn: 'arn:aws:iam::aws:policy/Other' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'zoe', AccessKeyId: 'AKIA0000000000000000' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    expect(sim.state).toEqual(before);
  });

  test('CreateVirtualMFADevice checks its tags as IAM does: a comma in a value is refused, nothing is created', async () => {
    const { iam, sim } = withLoadedUser();
    const devices = () => sim.account(PROD)!.iam.virtualMfaDevices.length;
    const before = devices();
    await expect(
      iam.send(
        new CreateVirtualMFADeviceCommand({
          VirtualMFADeviceName: 'zoe',
          Tags: [{ Key: 'orgmfa:user', Value: 'smith,zoe' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(devices()).toBe(before);
    expect(sim.issuedSeeds).toEqual([]);
  });
});

/** A user with none of the optional attachments. */
const NOTHING: Partial<UserFixture> = {
  signingCertificates: undefined,
  sshPublicKeys: undefined,
  serviceSpecificCredentials: undefined,
  groups: undefined,
  attachedPolicies: undefined,
  inlinePolicies: undefined,
};
