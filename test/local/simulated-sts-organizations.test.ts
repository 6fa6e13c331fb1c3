import { DescribeAccountCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const roleArn = (account: string) => `arn:aws:iam::${account}:role/OrgMfaMemberRole`;

describe('simulated STS enforces the member role trust', () => {
  test('a trusted hub role assumes the member role, and the session acts in the member account', async () => {
    const { clients, asHubRole } = simulatedOrg();
    const out = await clients
      .sts(asHubRole())
      .send(new AssumeRoleCommand({ RoleArn: roleArn('222222222222'), RoleSessionName: 'orgmfa-test' }));
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/OrgMfaMemberRole/orgmfa-test',
    );
    const iam = clients.iam({
      accountId: '222222222222',
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    const listed = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(listed.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([
      'arn:aws:iam::222222222222:mfa/alice-phone',
    ]);
  });

  test.each([
    ['an account without the member stack', '333333333333'],
    ['an account outside the organization', '999999999999'],
  ])('AssumeRole into %s is AccessDenied', async (_label, account) => {
    const { clients, asHubRole } = simulatedOrg();
    await expect(
      clients
        .sts(asHubRole())
        .send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'orgmfa-test' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::111111111111:assumed-role/orgmfa-cleanup-orphan/test is not authorized to perform: sts:AssumeRole on resource: ${roleArn(account)}`,
    });
  });

  test('a hub role the member role does not trust is AccessDenied', async () => {
    const { clients, asHubRole } = simulatedOrg();
    await expect(
      clients
        .sts(asHubRole('SomeOtherRole'))
        .send(new AssumeRoleCommand({ RoleArn: roleArn('222222222222'), RoleSessionName: 'orgmfa-test' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('an IAM user of the hub account is not trusted', async () => {
    const { clients, asUser } = simulatedOrg();
    await expect(
      clients
        .sts(asUser('111111111111', 'admin'))
        .send(new AssumeRoleCommand({ RoleArn: roleArn('222222222222'), RoleSessionName: 'orgmfa-test' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('a suspended account cannot be entered', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.status = 'SUSPENDED';
    const { clients, asHubRole } = simulatedOrg(fixture);
    await expect(
      clients
        .sts(asHubRole())
        .send(new AssumeRoleCommand({ RoleArn: roleArn('222222222222'), RoleSessionName: 'orgmfa-test' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('simulated Organizations', () => {
  test('DescribeAccount reports State and the account ARN with the organization id', async () => {
    const { clients, asHubRole } = simulatedOrg();
    const { Account } = await clients
      .organizations(asHubRole())
      .send(new DescribeAccountCommand({ AccountId: '222222222222' }));
    expect(Account).toMatchObject({
      Id: '222222222222',
      State: 'ACTIVE',
      Arn: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222',
    });
  });

  test('an account outside the organization is AccountNotFoundException', async () => {
    const { clients, asHubRole } = simulatedOrg();
    await expect(
      clients.organizations(asHubRole()).send(new DescribeAccountCommand({ AccountId: '999999999999' })),
    ).rejects.toMatchObject({ name: 'AccountNotFoundException' });
  });

  test('a member account cannot call Organizations', async () => {
    const { clients, asUser } = simulatedOrg();
    await expect(
      clients
        .organizations(asUser('222222222222', 'alice'))
        .send(new DescribeAccountCommand({ AccountId: '222222222222' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('simulated Organizations: DescribeOrganization', () => {
  test('any account of the organization learns its organization, as AWS allows', async () => {
    const { clients, asUser } = simulatedOrg();

    const { Organization } = await clients
      .organizations(asUser('222222222222', 'alice'))
      .send(new DescribeOrganizationCommand({}));

    expect(Organization).toMatchObject({
      Id: 'o-a1b2c3d4e5',
      Arn: 'arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5',
      MasterAccountId: '111111111111',
    });
  });
});
