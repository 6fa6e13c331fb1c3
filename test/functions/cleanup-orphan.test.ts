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
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { Readable } from 'node:stream';
import { createAwsClients } from '../../functions/aws/clients';
import { cleanUpOrphan } from '../../functions/cleanup-orphan/cleanup-orphan';
import { CollectingLog } from '../../functions/aws/collecting-log';

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const s3 = mockClient(S3Client);

const ACCOUNT = '222222222222';
const BUCKET = 'orgmfa-state-111111111111';
const KEY = `devices/${ACCOUNT}.json`;
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const NOW = '2026-11-21T09:15:03.000Z';
const $metadata = {};

/** A clash: `by` failed to create SERIAL at `at`. */
function clash(by = ALICE, at = '2026-11-21T09:15:01.000Z', round = 0) {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    serialNumber: SERIAL,
    cloudTrailEventId: 'evt-1',
    kind: 'Clash',
    by,
    at,
    round,
  };
}

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
    stateBucket: BUCKET,
    compliance: { enrolmentWindowMinutes: 15 },
    clock: () => new Date(NOW),
  };
}

/** The stored record, as orgmfa writes it: one entry for SERIAL. */
function recordWith(entry: Record<string, unknown>): string {
  return JSON.stringify({ format: 1, accountId: ACCOUNT, devices: { [SERIAL]: entry } });
}

/** S3 holds `body` at the record's key, under ETag "v1". */
function stored(body: string) {
  // A new stream per read: a body can be read only once.
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).callsFake(() => ({
    Body: sdkStreamMixin(Readable.from([Buffer.from(body)])),
    ETag: '"v1"',
  }));
  s3.on(PutObjectCommand).resolves({ ETag: '"v2"' });
}

/** No record yet. */
function noRecord() {
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata }));
  s3.on(PutObjectCommand).resolves({ ETag: '"v1"' });
}

/** The entry the last PutObject wrote for SERIAL. */
function written(): Record<string, unknown> {
  const calls = s3.commandCalls(PutObjectCommand);
  const body = calls.at(-1)!.args[0].input.Body as string;
  return (JSON.parse(body) as { devices: Record<string, Record<string, unknown>> }).devices[SERIAL]!;
}

/** Alice created the device at 09:14:40 and it has been unassigned since. */
const CREATED_BY_ALICE = {
  createdBy: ALICE,
  createdAt: '2026-11-21T09:14:40.000Z',
  unassignedSince: '2026-11-21T09:14:40.000Z',
  asOf: '2026-11-21T09:14:40.000Z',
};

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

function listed(...serials: string[]) {
  iam
    .on(ListVirtualMFADevicesCommand)
    .resolves({ VirtualMFADevices: serials.map((SerialNumber) => ({ SerialNumber })), IsTruncated: false });
}

beforeEach(() => {
  iam.reset();
  sts.reset();
  organizations.reset();
  s3.reset();
});

describe('cleanUpOrphan: a clash by the principal who created the device', () => {
  test('GIVEN the device is in a later page of the Unassigned listing THEN exactly that device is deleted and the deletion recorded', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    iam
      .on(ListVirtualMFADevicesCommand, { AssignmentStatus: 'Unassigned' })
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: `${SERIAL}2` }], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: SERIAL }], IsTruncated: false });
    iam.on(DeleteVirtualMFADeviceCommand).resolves({});

    const result = await cleanUpOrphan(deps(), clash());

    expect(result).toEqual({
      outcome: 'Deleted',
      reason: `created by ${ALICE} at 2026-11-21T09:14:40.000Z, whose retry failed at 2026-11-21T09:15:01.000Z`,
      actions: [{ type: 'DeleteVirtualMFADevice', accountId: ACCOUNT, serialNumber: SERIAL }],
      recheck: null,
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
    // Written back only over the version read (a concurrent writer makes it re-read).
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: BUCKET, Key: KEY, IfMatch: '"v1"' });
    expect(written()).toEqual({
      createdBy: ALICE,
      createdAt: CREATED_BY_ALICE.createdAt,
      deletedAt: NOW,
      asOf: NOW,
    });
  });

  test('GIVEN the device is not in the Unassigned listing THEN nothing is deleted, and the record says so', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    listed(`${SERIAL}-old`);

    const result = await cleanUpOrphan(deps(), clash());

    expect(result).toMatchObject({ outcome: 'NotAnOrphan', actions: [], recheck: null });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
    expect(written()).toMatchObject({ asOf: NOW, checkedAt: NOW });
    expect(written()).not.toHaveProperty('unassignedSince');
  });

  test('GIVEN the user finishes enrolling between listing and delete (DeleteConflict) THEN the device is left alone, never deactivated', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    listed(SERIAL);
    iam.on(DeleteVirtualMFADeviceCommand).rejects(
      new DeleteConflictException({
        message: 'MFA VirtualDevice in use. Must deactivate first.',
        $metadata,
      }),
    );

    const result = await cleanUpOrphan(deps(), clash());

    expect(result).toEqual({
      outcome: 'AssignedMeanwhile',
      reason: `${SERIAL} was assigned after the listing; left alone`,
      actions: [],
      recheck: null,
    });
    expect(iam).not.toHaveReceivedCommand(DeactivateMFADeviceCommand);
  });

  test('GIVEN a concurrent duplicate deleted it first (NoSuchEntity) THEN the outcome is AlreadyDeleted', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    listed(SERIAL);
    iam.on(DeleteVirtualMFADeviceCommand).rejects(new NoSuchEntityException({ message: 'gone', $metadata }));

    expect((await cleanUpOrphan(deps(), clash())).outcome).toBe('AlreadyDeleted');
    expect(written()).toMatchObject({ deletedAt: NOW });
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
    'GIVEN the account is %s THEN the clean-up is rejected without touching IAM, and nothing is recorded',
    async (_label, arrange, reason) => {
      stored(recordWith(CREATED_BY_ALICE));
      arrange();
      sts.on(AssumeRoleCommand).resolves({
        Credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date() },
      });

      expect(await cleanUpOrphan(deps(), clash())).toEqual({
        outcome: 'Rejected',
        reason,
        actions: [],
        recheck: null,
      });
      expect(iam).not.toHaveReceivedAnyCommand();
      expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    },
  );

  test('GIVEN the member role cannot be assumed THEN MemberRoleUnavailable names the account and keeps the cause', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    const denied = new STSServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata,
      message: 'not authorized',
    });
    sts.on(AssumeRoleCommand).rejects(denied);

    const error = await cleanUpOrphan(deps(), clash()).catch((e: Error) => e);

    expect(error).toMatchObject({
      name: 'MemberRoleUnavailable',
      message: `cannot assume the orgmfa member role in account ${ACCOUNT}: deploy the member stack there or check its trust policy`,
      cause: denied,
    });
    expect(iam).not.toHaveReceivedAnyCommand();
  });

  test('GIVEN IAM keeps throttling after the SDK retries THEN the step fails as Throttled for the workflow to retry', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    activeMember();
    const throttled = new IAMServiceException({
      name: 'Throttling',
      $fault: 'client',
      $metadata,
      message: 'Rate exceeded',
    });
    iam.on(ListVirtualMFADevicesCommand).rejects(throttled);

    await expect(cleanUpOrphan(deps(), clash())).rejects.toMatchObject({
      name: 'Throttled',
      cause: throttled,
    });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
  });
});

describe('cleanUpOrphan: a clash by anyone else waits for the evidence, at no member-account cost', () => {
  test("GIVEN bob's clash with alice's device created 23 s ago THEN it waits until the enrolment window has passed, with no Organizations, STS or IAM call", async () => {
    stored(recordWith(CREATED_BY_ALICE));

    const result = await cleanUpOrphan(deps(), clash(BOB));

    expect(result).toEqual({
      outcome: 'Waiting',
      reason: `unassigned since 2026-11-21T09:14:40.000Z (created by ${ALICE}): someone may be enrolling it until the enrolment window of 15 minutes has passed`,
      actions: [],
      recheck: { ...clash(BOB), round: 1, waitUntil: '2026-11-21T09:29:40.000Z' },
    });
    expect(organizations).not.toHaveReceivedAnyCommand();
    expect(sts).not.toHaveReceivedAnyCommand();
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(written()).toEqual({ ...CREATED_BY_ALICE, waitUntil: '2026-11-21T09:29:40.000Z' });
  });

  test('GIVEN a wait is already recorded THEN a duplicate clash costs one S3 read and nothing else', async () => {
    stored(recordWith({ ...CREATED_BY_ALICE, waitUntil: '2026-11-21T09:29:40.000Z' }));

    const result = await cleanUpOrphan(deps(), clash(BOB));

    expect(result).toMatchObject({
      outcome: 'NothingToDo',
      reason: 'a check is already scheduled for 2026-11-21T09:29:40.000Z',
      recheck: null,
    });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(organizations).not.toHaveReceivedAnyCommand();
    expect(iam).not.toHaveReceivedAnyCommand();
  });

  test('GIVEN no record at all THEN a fresh listing records the device first seen unassigned now, and it waits from now', async () => {
    noRecord();
    activeMember();
    listed(SERIAL);

    const result = await cleanUpOrphan(deps(), clash(BOB));

    expect(result).toMatchObject({
      outcome: 'Waiting',
      recheck: { ...clash(BOB), round: 1, waitUntil: '2026-11-21T09:30:03.000Z' },
    });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: KEY, IfNoneMatch: '*' });
    expect(written()).toEqual({
      unassignedSince: NOW,
      asOf: NOW,
      checkedAt: NOW,
      clashes: [{ by: BOB, at: '2026-11-21T09:15:01.000Z' }],
      waitUntil: '2026-11-21T09:30:03.000Z',
    });
  });

  test('GIVEN the wait is over THEN the device is deleted under the fresh-listing rule', async () => {
    stored(recordWith({ ...CREATED_BY_ALICE, waitUntil: '2026-11-21T09:29:40.000Z' }));
    activeMember();
    listed(SERIAL);
    iam.on(DeleteVirtualMFADeviceCommand).resolves({});
    const later = { ...deps(), clock: () => new Date('2026-11-21T09:29:40.000Z') };

    const result = await cleanUpOrphan(later, clash(BOB, '2026-11-21T09:15:01.000Z', 1));

    expect(result).toMatchObject({
      outcome: 'Deleted',
      reason: 'unassigned since 2026-11-21T09:14:40.000Z, for the enrolment window of 15 minutes or longer',
      recheck: null,
    });
  });

  test('GIVEN the workflow has already waited the most rounds THEN it stops waiting and says who decides next', async () => {
    stored(recordWith(CREATED_BY_ALICE));

    const result = await cleanUpOrphan(deps(), clash(BOB, '2026-11-21T09:15:01.000Z', 8));

    expect(result.recheck).toBeNull();
    expect(result.reason).toMatch(/; waited 8 times already: the next clash or the sweep decides$/);
  });
});

describe('cleanUpOrphan: the record', () => {
  test('GIVEN another writer changed the record meanwhile THEN it is read again and the same facts applied to it', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    s3.on(PutObjectCommand)
      .rejectsOnce(
        new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          $metadata,
          message: 'changed',
        }),
      )
      .resolves({ ETag: '"v3"' });

    const result = await cleanUpOrphan(deps(), clash(BOB));

    expect(result.outcome).toBe('Waiting');
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 2);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 2);
  });

  test('GIVEN the record keeps changing THEN the step fails as RecordConflict for the workflow to retry', async () => {
    stored(recordWith(CREATED_BY_ALICE));
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata, message: 'changed' }),
    );

    await expect(cleanUpOrphan(deps(), clash(BOB))).rejects.toMatchObject({ name: 'RecordConflict' });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 5);
  });

  test('GIVEN a record orgmfa cannot read THEN nothing is decided on it: DeviceRecordUnreadable, no member-account call', async () => {
    stored('{"format":1,"accountId":"222222222222","devices":{"x":{"asOf":"yesterday"}}}');

    await expect(cleanUpOrphan(deps(), clash())).rejects.toMatchObject({
      name: 'DeviceRecordUnreadable',
      message: 'the device record of 222222222222 is not valid at devices.x.asOf: an ISO 8601 time',
    });
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  test('GIVEN S3 keeps throttling (SlowDown) THEN the step fails as Throttled for the workflow to retry', async () => {
    const slowDown = new S3ServiceException({
      name: 'SlowDown',
      $fault: 'server',
      $metadata,
      message: 'slow down',
    });
    s3.on(GetObjectCommand).rejects(slowDown);

    await expect(cleanUpOrphan(deps(), clash())).rejects.toMatchObject({
      name: 'Throttled',
      cause: slowDown,
    });
    expect(iam).not.toHaveReceivedAnyCommand();
  });

  test('GIVEN a successful creation THEN its creator and time are recorded, with no member-account call', async () => {
    noRecord();

    const result = await cleanUpOrphan(deps(), { ...clash(), kind: 'Created', at: '2026-11-21T09:14:40Z' });

    expect(result).toEqual({
      outcome: 'Recorded',
      reason: `Created ${SERIAL} recorded`,
      actions: [],
      recheck: null,
    });
    expect(written()).toEqual(CREATED_BY_ALICE);
    expect(organizations).not.toHaveReceivedAnyCommand();
    expect(iam).not.toHaveReceivedAnyCommand();
  });

  test("GIVEN alice's clash recorded before her creation event THEN the creation event waits the late creator's grace (5 minutes) instead of deleting at once", async () => {
    stored(
      recordWith({
        unassignedSince: '2026-11-21T09:15:02.000Z',
        asOf: '2026-11-21T09:15:02.000Z',
        clashes: [{ by: ALICE, at: '2026-11-21T09:15:01.000Z' }],
        waitUntil: '2026-11-21T09:30:02.000Z',
      }),
    );
    activeMember();
    listed(SERIAL);
    iam.on(DeleteVirtualMFADeviceCommand).resolves({});

    const result = await cleanUpOrphan(deps(), { ...clash(), kind: 'Created', at: '2026-11-21T09:14:40Z' });

    expect(result).toMatchObject({
      outcome: 'Waiting',
      actions: [],
      recheck: expect.objectContaining({ waitUntil: '2026-11-21T09:20:03.000Z' }),
    });
    expect(iam).not.toHaveReceivedCommand(DeleteVirtualMFADeviceCommand);

    // After the wait the execution decides again and deletes: test/e2e/orphan-scenarios.test.ts.
  });
});

test.each([
  [
    'a serial number of another account',
    { ...clash(), serialNumber: 'arn:aws:iam::333333333333:mfa/alice-phone' },
  ],
  [
    'a serial number of another partition',
    { ...clash(), serialNumber: `arn:aws-cn:iam::${ACCOUNT}:mfa/alice-phone` },
  ],
  ['a user ARN', { ...clash(), serialNumber: `arn:aws:iam::${ACCOUNT}:user/alice` }],
  ['no account id', { ...clash(), accountId: 'x' }],
  ['an unknown kind', { ...clash(), kind: 'Deleting' }],
  ['no caller', { ...clash(), by: '' }],
  ['no time', { ...clash(), at: 'soon' }],
  ['too many rounds', { ...clash(), round: 9 }],
])('GIVEN %s as input THEN it is rejected with no AWS call at all', async (_label, input) => {
  const result = await cleanUpOrphan(deps(), input);
  expect(result).toMatchObject({ outcome: 'Rejected', recheck: null });
  expect(iam).not.toHaveReceivedAnyCommand();
  expect(sts).not.toHaveReceivedAnyCommand();
  expect(organizations).not.toHaveReceivedAnyCommand();
  expect(s3).not.toHaveReceivedAnyCommand();
});
