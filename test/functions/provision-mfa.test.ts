import {
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  DescribeAccountCommand,
  ListParentsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../functions/aws/clients';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { DEFAULT_PROVISIONING } from '../../functions/core/config';
import { provisionMfa } from '../../functions/provision-mfa/provision-mfa';
import { CollectingMetrics } from '../../local/runner/collecting-metrics';

const iam = mockClient(IAMClient);
const ssm = mockClient(SSMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const s3 = mockClient(S3Client);

const ACCOUNT = '222222222222';
const USER = 'carol@example.com';
const USER_ID = 'AIDACAROL00000000001';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/corp-${USER}`;
const request = (retryCount = 0) => ({
  user: { accountId: ACCOUNT, partition: 'aws', userName: USER, cloudTrailEventId: 'e' },
  retryCount,
  throttledRetries: 4,
  execution: 'a1b2c3d4-0000-4000-8000-000000000001',
});

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
    metrics: new CollectingMetrics(),
    provisioning: {
      ...DEFAULT_PROVISIONING,
      accountIds: [ACCOUNT],
      deviceNameTemplate: 'corp-{userName}',
      seedKmsKeyId: 'alias/orgmfa-seeds',
    },
    stateBucket: 'orgmfa-state-111111111111',
    compliance: { enrolmentWindowMinutes: 15 },
    clock: () => new Date('2026-11-21T09:00:10Z'),
    sleep: () => Promise.resolve(),
  };
}

beforeEach(() => {
  for (const client of [iam, ssm, sts, organizations, s3]) client.reset();
  organizations.on(DescribeAccountCommand).resolves({
    Account: {
      Id: ACCOUNT,
      State: 'ACTIVE',
      Arn: `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${ACCOUNT}`,
    },
  });
  organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-a1b2', Type: 'ROOT' }] });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(),
    },
  });
  iam.on(GetUserCommand).resolves({
    User: {
      UserName: USER,
      UserId: USER_ID,
      Path: '/',
      Arn: 'a',
      CreateDate: new Date('2026-11-21T09:00:00Z'),
    },
  });
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: [] });
  iam.on(CreateVirtualMFADeviceCommand).resolves({
    VirtualMFADevice: { SerialNumber: SERIAL, Base32StringSeed: new TextEncoder().encode(SEED) },
  });
  ssm.on(PutParameterCommand).resolves({ Version: 1 });
});

describe('provisionMfa (handler, mocked AWS)', () => {
  test('stores the seed under the user id, with the configured key, before enabling the device', async () => {
    const storedBeforeEnabling: boolean[] = [];
    iam.on(EnableMFADeviceCommand).callsFake(() => {
      storedBeforeEnabling.push(ssm.commandCalls(PutParameterCommand).length === 1);
      return {};
    });

    const result = await provisionMfa(deps(), request());

    expect(result).toMatchObject({
      outcome: 'Provisioned',
      actions: [{ parameterName: `/orgmfa/seed/${USER_ID}`, serialNumber: SERIAL }],
    });
    expect(iam).toHaveReceivedCommandWith(CreateVirtualMFADeviceCommand, {
      VirtualMFADeviceName: `corp-${USER}`,
      Tags: [
        { Key: 'orgmfa:managed', Value: 'provisioned' },
        { Key: 'orgmfa:user-id', Value: USER_ID },
        { Key: 'orgmfa:seed-expires', Value: '2026-11-28T09:00:10.000Z' },
        // The execution's own mark (SHA-256 of its name, 32 hex digits, computed apart), by which a
        // retry that meets its creation recognises it.
        { Key: 'orgmfa:creation', Value: '41788214c1500f29e96104aa9a7969ed' },
      ],
    });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: `/orgmfa/seed/${USER_ID}`,
      Value: SEED,
      Type: 'SecureString',
      KeyId: 'alias/orgmfa-seeds',
      Tier: 'Advanced',
    });
    expect(storedBeforeEnabling).toEqual([true]);
  });

  test('an enabling failure that echoes the seed: device removed before its seed, and no seed in the error', async () => {
    iam.on(EnableMFADeviceCommand).rejects(
      new IAMServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `not authorized (codes for ${SEED})`,
      }),
    );
    const removals: string[] = [];
    iam.on(DeleteVirtualMFADeviceCommand).callsFake(() => (removals.push('device'), {}));
    ssm.on(DeleteParameterCommand).callsFake(() => (removals.push('seed'), {}));
    const d = deps();

    const error = await provisionMfa(d, request()).then(
      () => new Error('provisioned'),
      (e: unknown) => e as Error,
    );

    expect(error).toMatchObject({ name: 'ProvisioningFailed' });
    expect(error.message).toContain(
      'failed to enable the device (AccessDenied: not authorized (codes for [redacted]))',
    );
    expect(JSON.stringify([error.message, String(error.cause), d.log.entries])).not.toContain(SEED);
    expect(removals).toEqual(['device', 'seed']);
    expect(d.metrics.counts).toEqual({ ProvisioningFailed: 1 });
  });

  test('a throttled enabling before the last try: undone, handed back as Throttled, not counted', async () => {
    iam.on(EnableMFADeviceCommand).rejects(
      new IAMServiceException({
        name: 'Throttling',
        $fault: 'client',
        $metadata: {},
        message: 'Rate exceeded',
      }),
    );
    iam.on(DeleteVirtualMFADeviceCommand).resolves({});
    ssm.on(DeleteParameterCommand).resolves({});
    const d = deps();

    await expect(provisionMfa(d, request(3))).rejects.toMatchObject({ name: 'Throttled' });
    expect(d.metrics.counts).toEqual({});

    // On the last try the same failure is final, and counted.
    await expect(provisionMfa(d, request(4))).rejects.toMatchObject({ name: 'ProvisioningFailed' });
    expect(d.metrics.counts).toEqual({ ProvisioningFailed: 1 });
  });
});

describe('provisionMfa (handler, mocked AWS): names checked before anything is created', () => {
  test('a user id that is not an IAM unique id fails at creating the device, with nothing created', async () => {
    iam.on(GetUserCommand).resolves({
      User: { UserName: USER, UserId: 'not-an-id', Path: '/', Arn: 'a', CreateDate: new Date() },
    });
    const d = deps();

    await expect(provisionMfa(d, request())).rejects.toMatchObject({
      name: 'ProvisioningFailed',
      message: expect.stringContaining(
        'failed to create the device (Error: "not-an-id" is not an IAM unique id); nothing had been created',
      ),
    });
    expect(iam).not.toHaveReceivedCommand(CreateVirtualMFADeviceCommand);
  });
});

describe('provisionMfa (handler, mocked AWS): a device of that name in the way', () => {
  const clash = () =>
    new EntityAlreadyExistsException({
      message: 'MFADevice entity at the same path and name already exists.',
      $metadata: {},
    });
  const throttling = () =>
    new IAMServiceException({
      name: 'Throttling',
      $fault: 'client',
      $metadata: {},
      message: 'Rate exceeded',
    });

  test('orgmfa’s own device for this user (a concurrent delivery): skipped, saying so, without reading the record', async () => {
    iam.on(CreateVirtualMFADeviceCommand).rejects(clash());
    iam.on(ListMFADeviceTagsCommand, { SerialNumber: SERIAL }).resolves({
      Tags: [
        { Key: 'orgmfa:managed', Value: 'provisioned' },
        { Key: 'orgmfa:user-id', Value: USER_ID },
      ],
    });
    const d = deps();

    const result = await provisionMfa(d, request());

    expect(result).toEqual({
      outcome: 'Skipped',
      reason: `a virtual MFA device named corp-${USER} already exists, provisioned by orgmfa for this user (${USER_ID}): a concurrent or earlier delivery of the event`,
      actions: [expect.objectContaining({ type: 'SkipProvisioning' })],
      recheck: null,
    });
    expect(s3.calls()).toEqual([]);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
    expect(d.metrics.counts).toEqual({ ProvisioningSkipped: 1 });
  });

  test('a device gone again by the time its tags are read: created again, and provisioned', async () => {
    iam
      .on(CreateVirtualMFADeviceCommand)
      .rejectsOnce(clash())
      .resolves({
        VirtualMFADevice: { SerialNumber: SERIAL, Base32StringSeed: new TextEncoder().encode(SEED) },
      });
    iam.on(ListMFADeviceTagsCommand).rejects(new NoSuchEntityException({ message: 'gone', $metadata: {} }));
    iam.on(EnableMFADeviceCommand).resolves({});

    const result = await provisionMfa(deps(), request());

    expect(result).toMatchObject({ outcome: 'Provisioned', recheck: null });
    expect(iam).toHaveReceivedCommandTimes(CreateVirtualMFADeviceCommand, 2);
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
  });

  test('a device assigned meanwhile to the user themselves (enrolled at the console): skipped, not a failure', async () => {
    iam.on(CreateVirtualMFADeviceCommand).rejects(clash());
    iam.on(ListMFADeviceTagsCommand).resolves({ Tags: [] });
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
    iam
      .on(ListMFADevicesCommand)
      .resolvesOnce({ MFADevices: [] })
      .resolves({ MFADevices: [{ UserName: USER, SerialNumber: SERIAL, EnableDate: new Date() }] });
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({ ETag: '"1"' });
    const d = deps();

    const result = await provisionMfa(d, request());

    expect(result).toMatchObject({
      outcome: 'Skipped',
      reason: `user ${USER} already has an MFA device (${SERIAL}), assigned meanwhile`,
      recheck: null,
    });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
    expect(d.metrics.counts).toEqual({ ProvisioningSkipped: 1 });
  });

  test('a device not unassigned, and the user deleted meanwhile: skipped, not a failure', async () => {
    iam.on(CreateVirtualMFADeviceCommand).rejects(clash());
    iam.on(ListMFADeviceTagsCommand).resolves({ Tags: [] });
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
    iam
      .on(ListMFADevicesCommand)
      .resolvesOnce({ MFADevices: [] })
      .rejects(
        new NoSuchEntityException({ message: `The user with name ${USER} cannot be found.`, $metadata: {} }),
      );
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
    s3.on(PutObjectCommand).resolves({ ETag: '"1"' });

    await expect(provisionMfa(deps(), request())).resolves.toMatchObject({
      outcome: 'Skipped',
      reason: `user ${USER} no longer exists`,
    });
  });

  test('its tags cannot be read for throttling: nothing created, handed back as Throttled', async () => {
    iam.on(CreateVirtualMFADeviceCommand).rejects(clash());
    iam.on(ListMFADeviceTagsCommand).rejects(throttling());

    await expect(provisionMfa(deps(), request())).rejects.toMatchObject({
      name: 'Throttled',
      message: expect.stringContaining(
        `failed to create the device (Throttled: iam:ListMFADeviceTags for ${SERIAL} was throttled by AWS); nothing had been created`,
      ),
    });
  });

  test('orgmfa’s device record keeps changing while the device is claimed: Throttled, nothing listed or deleted', async () => {
    iam.on(CreateVirtualMFADeviceCommand).rejects(clash());
    iam.on(ListMFADeviceTagsCommand).resolves({ Tags: [] });
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      }),
    );

    await expect(provisionMfa(deps(), request())).rejects.toMatchObject({
      name: 'Throttled',
      message: expect.stringContaining(
        'failed to create the device (Throttled: the device record of 222222222222 kept changing while it was updated)',
      ),
    });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 5);
    expect(iam).not.toHaveReceivedCommand(ListVirtualMFADevicesCommand);
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
  });
});
