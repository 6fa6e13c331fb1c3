import {
  DeactivateMFADeviceCommand,
  DeleteConflictException,
  DeleteVirtualMFADeviceCommand,
  IAMClient,
  IAMServiceException,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  AccountNotFoundException,
  type AccountState,
  DescribeAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../functions/aws/clients';
import { cleanUpOrphan } from '../../functions/cleanup-orphan/cleanup-orphan';
import { CollectingLog } from '../../functions/aws/collecting-log';

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);

const ACCOUNT = '222222222222';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`;
const target = { accountId: ACCOUNT, partition: 'aws', serialNumber: SERIAL, cloudTrailEventId: 'evt-1' };
const $metadata = {};

function deps() {
  return {
    clients: createAwsClients({ region: 'us-east-1' }),
    settings: {
      organizationId: 'o-a1b2c3d4e5',
      managementAccountId: '111111111111',
      hubAccountId: '111111111111',
      partition: 'aws' as const,
      memberRoleName: 'OrgMfaMemberRole',
    },
    hub: { accountId: '111111111111' },
    log: new CollectingLog(),
  };
}

function activeMember(state: AccountState = 'ACTIVE') {
  organizations.on(DescribeAccountCommand).resolves({
    Account: {
      Id: ACCOUNT,
      State: state,
      Arn: `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${ACCOUNT}`,
    },
  });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(),
    },
  });
}

beforeEach(() => {
  iam.reset();
  sts.reset();
  organizations.reset();
});

describe('cleanUpOrphan', () => {
  test('GIVEN the device is in a later page of the Unassigned listing WHEN cleaning up THEN exactly that device is deleted', async () => {
    activeMember();
    iam
      .on(ListVirtualMFADevicesCommand, { AssignmentStatus: 'Unassigned' })
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: `${SERIAL}2` }], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: SERIAL }], IsTruncated: false });
    iam.on(DeleteVirtualMFADeviceCommand).resolves({});

    const result = await cleanUpOrphan(deps(), target);

    expect(result).toEqual({
      outcome: 'Deleted',
      reason: null,
      actions: [{ type: 'DeleteVirtualMFADevice', accountId: ACCOUNT, serialNumber: SERIAL }],
    });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/OrgMfaMemberRole`,
      DurationSeconds: 900,
    });
    expect(iam).toHaveReceivedCommandTimes(ListVirtualMFADevicesCommand, 2);
    // The SDK paginator reuses one input object across pages, so only the filter can be checked per call.
    for (const call of iam.commandCalls(ListVirtualMFADevicesCommand)) {
      expect(call.args[0].input).toMatchObject({ AssignmentStatus: 'Unassigned' });
    }
    expect(iam).toHaveReceivedCommandWith(DeleteVirtualMFADeviceCommand, { SerialNumber: SERIAL });
    expect(iam).toHaveReceivedCommandTimes(DeleteVirtualMFADeviceCommand, 1);
  });

  test('GIVEN the device is not in the Unassigned listing THEN nothing is deleted', async () => {
    activeMember();
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves({ VirtualMFADevices: [{ SerialNumber: `${SERIAL}-old` }], IsTruncated: false });

    const result = await cleanUpOrphan(deps(), target);

    expect(result.outcome).toBe('NotAnOrphan');
    expect(result.actions).toEqual([]);
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
  });

  test('GIVEN the user finishes enrolling between listing and delete (DeleteConflict) THEN the device is left alone, never deactivated', async () => {
    activeMember();
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves({ VirtualMFADevices: [{ SerialNumber: SERIAL }], IsTruncated: false });
    iam.on(DeleteVirtualMFADeviceCommand).rejects(
      new DeleteConflictException({
        message: 'MFA VirtualDevice in use. Must deactivate first.',
        $metadata,
      }),
    );

    const result = await cleanUpOrphan(deps(), target);

    expect(result).toEqual({
      outcome: 'AssignedMeanwhile',
      reason: `${SERIAL} was assigned after the listing; left alone`,
      actions: [],
    });
    expect(iam).not.toHaveReceivedCommand(DeactivateMFADeviceCommand);
  });

  test('GIVEN a concurrent duplicate deleted it first (NoSuchEntity) THEN the outcome is AlreadyDeleted', async () => {
    activeMember();
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves({ VirtualMFADevices: [{ SerialNumber: SERIAL }], IsTruncated: false });
    iam.on(DeleteVirtualMFADeviceCommand).rejects(new NoSuchEntityException({ message: 'gone', $metadata }));

    expect((await cleanUpOrphan(deps(), target)).outcome).toBe('AlreadyDeleted');
  });

  test.each([
    [
      'not in the organization',
      () =>
        organizations
          .on(DescribeAccountCommand)
          .rejects(new AccountNotFoundException({ message: 'no', $metadata })),
      `account ${ACCOUNT} is not a member of organization o-a1b2c3d4e5`,
    ],
    ['suspended', () => activeMember('SUSPENDED'), `account ${ACCOUNT} is SUSPENDED, not ACTIVE`],
  ])(
    'GIVEN the account is %s THEN the clean-up is rejected without touching IAM',
    async (_label, arrange, reason) => {
      arrange();
      sts.on(AssumeRoleCommand).resolves({
        Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date() },
      });

      expect(await cleanUpOrphan(deps(), target)).toEqual({ outcome: 'Rejected', reason, actions: [] });
      expect(iam).not.toHaveReceivedAnyCommand();
    },
  );

  test('GIVEN the member role cannot be assumed THEN MemberRoleUnavailable names the account and keeps the cause', async () => {
    activeMember();
    const denied = new STSServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata,
      message: 'not authorized',
    });
    sts.on(AssumeRoleCommand).rejects(denied);

    const error = await cleanUpOrphan(deps(), target).catch((e: Error) => e);

    expect(error).toMatchObject({
      name: 'MemberRoleUnavailable',
      message: `cannot assume the orgmfa member role in account ${ACCOUNT}: deploy the member stack there or check its trust policy`,
      cause: denied,
    });
    expect(iam).not.toHaveReceivedAnyCommand();
  });

  test('GIVEN IAM keeps throttling after the SDK retries THEN the step fails as Throttled for the workflow to retry', async () => {
    activeMember();
    const throttled = new IAMServiceException({
      name: 'Throttling',
      $fault: 'client',
      $metadata,
      message: 'Rate exceeded',
    });
    iam.on(ListVirtualMFADevicesCommand).rejects(throttled);

    await expect(cleanUpOrphan(deps(), target)).rejects.toMatchObject({
      name: 'Throttled',
      cause: throttled,
    });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
  });

  test.each([
    [
      'a serial number of another account',
      { ...target, serialNumber: 'arn:aws:iam::333333333333:mfa/alice-phone' },
    ],
    [
      'a serial number of another partition',
      { ...target, serialNumber: `arn:aws-cn:iam::${ACCOUNT}:mfa/alice-phone` },
    ],
    ['a user ARN', { ...target, serialNumber: `arn:aws:iam::${ACCOUNT}:user/alice` }],
    ['no account id', { ...target, accountId: 'x' }],
  ])('GIVEN %s as input THEN it is rejected with no AWS call at all', async (_label, input) => {
    const result = await cleanUpOrphan(deps(), input);
    expect(result.outcome).toBe('Rejected');
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(sts).not.toHaveReceivedAnyCommand();
    expect(organizations).not.toHaveReceivedAnyCommand();
  });
});
