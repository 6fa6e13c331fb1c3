import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { readIamApiCall } from '../../functions/core/cloudtrail-event';
import { InvalidEventError } from '../../functions/core/errors';
import type { Partition } from '../../functions/core/naming';
import { readDeviceEvent } from '../../functions/core/device-event';
import { identifyOrphan } from '../../functions/core/orphan';
import { routeEvent } from '../../functions/core/route';
import { orgFixture, projectConfig } from '../helpers/simulated-org';
import { shapeEvent, shapeNames } from './event-files';

/**
 * Realistic "AWS API Call via CloudTrail" events (test/fixtures/events/shapes/), one per way a
 * `CreateVirtualMFADevice` call can clash, and the exact orphan each one names. The orphan is
 * `arn:<partition>:iam::<account>:mfa<path><virtualMFADeviceName>` from the failed request, never a
 * name derived from who made the call.
 */
interface Shape {
  readonly file: string;
  /** The partition of the hub that serves the event's account. */
  readonly hub: Partition;
  readonly accountId: string;
  readonly serialNumber: string;
  /** Who made the call, as `IamApiCall.actor` reports it. */
  readonly actor: string;
}

const PROD = '222222222222';
const SHAPES: readonly Shape[] = [
  {
    file: 'console-iam-user',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/dave-pixel`,
    actor: `arn:aws:iam::${PROD}:user/dave`,
  },
  {
    file: 'assumed-role-admin-for-other-user',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/frank`,
    actor: `arn:aws:sts::${PROD}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/admin@example.com`,
  },
  {
    file: 'root-user',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/root-account-mfa-device`,
    actor: `arn:aws:iam::${PROD}:root`,
  },
  {
    file: 'non-default-path',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/engineering/team-a/grace-laptop`,
    actor: `arn:aws:iam::${PROD}:user/engineering/team-a/grace`,
  },
  {
    file: 'special-characters',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/heidi.oneil+phone=2,work@example.com_v-1`,
    actor: `arn:aws:iam::${PROD}:user/heidi.oneil@example.com`,
  },
  {
    file: 'error-code-without-suffix',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/ivan`,
    actor: `arn:aws:iam::${PROD}:user/ivan`,
  },
  {
    file: 'no-path',
    hub: 'aws',
    accountId: PROD,
    serialNumber: `arn:aws:iam::${PROD}:mfa/leo-yubico-authenticator`,
    actor: `arn:aws:iam::${PROD}:user/leo`,
  },
  {
    file: 'govcloud',
    hub: 'aws-us-gov',
    accountId: '210987654321',
    serialNumber: 'arn:aws-us-gov:iam::210987654321:mfa/judy-phone',
    actor: 'arn:aws-us-gov:iam::210987654321:user/judy',
  },
  {
    file: 'china',
    hub: 'aws-cn',
    accountId: '876543210987',
    serialNumber: 'arn:aws-cn:iam::876543210987:mfa/kai-phone',
    actor: 'arn:aws-cn:iam::876543210987:user/kai',
  },
];

/** The fields every EventBridge CloudTrail event carries, at the envelope and in `detail`. */
const ENVELOPE_KEYS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources'];
const DETAIL_KEYS = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'requestID',
  'eventID',
  'readOnly',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'eventCategory',
];

function detailOf(event: Record<string, unknown>): Record<string, unknown> {
  return event.detail as Record<string, unknown>;
}

describe('the shape fixtures', () => {
  test('every shape file has an expectation here, and every expectation a file', () => {
    expect(SHAPES.map((s) => s.file).sort()).toEqual(shapeNames());
  });

  test.each(SHAPES)('$file carries the full EventBridge envelope and CloudTrail record', ({ file }) => {
    const event = shapeEvent(file);
    const detail = detailOf(event);

    expect(Object.keys(event)).toEqual(expect.arrayContaining([...ENVELOPE_KEYS, 'detail']));
    expect(Object.keys(detail)).toEqual(expect.arrayContaining(DETAIL_KEYS));
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      resources: [],
    });
    expect(detail).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateVirtualMFADevice',
      errorMessage: 'MFADevice entity at the same path and name already exists.',
      responseElements: null,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      eventCategory: 'Management',
      recipientAccountId: event.account,
      awsRegion: event.region,
    });
    expect(detail.errorCode).toMatch(/^EntityAlreadyExists/);
  });
});

describe('orphan identification from real event shapes', () => {
  test.each(SHAPES)(
    'GIVEN the $file event WHEN its own ($hub) hub reads it THEN the orphan is exactly $serialNumber',
    ({ file, hub, accountId, serialNumber, actor }) => {
      const event = shapeEvent(file);
      const cloudTrailEventId = detailOf(event).eventID as string;

      const call = readIamApiCall(event, hub);
      const orphan = identifyOrphan(call);

      expect(call).toMatchObject({ accountId, partition: hub, eventName: 'CreateVirtualMFADevice', actor });
      expect(orphan).toEqual({ accountId, partition: hub, serialNumber, cloudTrailEventId });
      expect(routeEvent(event, hub)).toMatchObject({
        route: 'DeviceEvent',
        accountId,
        reason: null,
        device: { ...orphan, kind: 'Clash', by: actor, at: call.eventTime, round: 0 },
      });
    },
  );

  test.each(SHAPES)(
    'GIVEN the $file clash as ParseEvent returns it WHEN CleanUpOrphan reads it back THEN it is accepted unchanged',
    ({ file, hub }) => {
      const route = routeEvent(shapeEvent(file), hub);
      // Through the Lambda/Step Functions JSON boundary, as the workflow carries it.
      const wire = JSON.parse(JSON.stringify(route.device)) as unknown;

      expect(readDeviceEvent(wire)).toEqual(route.device);
    },
  );

  test('GIVEN an administrator creates a device for another user THEN the orphan is that device, not one named after the administrator', () => {
    const orphan = identifyOrphan(readIamApiCall(shapeEvent('assumed-role-admin-for-other-user'), 'aws'));

    expect(orphan.serialNumber).toBe(`arn:aws:iam::${PROD}:mfa/frank`);
    expect(orphan.serialNumber).not.toContain('admin');
  });

  test.each([
    ['govcloud', 'aws-us-gov'],
    ['china', 'aws-cn'],
  ] as const)(
    'GIVEN the %s event WHEN an aws hub reads it THEN it is rejected because it is of partition %s',
    (file, partition) => {
      const event = shapeEvent(file);
      const reason = `the event comes from partition ${partition}; this hub serves aws`;

      expect(() => readIamApiCall(event, 'aws')).toThrow(new InvalidEventError(reason));
      expect(routeEvent(event, 'aws')).toMatchObject({
        route: 'Reject',
        accountId: null,
        reason,
        device: null,
      });
    },
  );

  test.each([
    ['govcloud', 'aws-us-gov', 'aws-cn'],
    ['china', 'aws-cn', 'aws-us-gov'],
    ['console-iam-user', 'aws', 'aws-us-gov'],
  ] as const)(
    'GIVEN the %s event (%s) WHEN an %s hub reads it THEN it is rejected',
    (file, partition, hub) => {
      expect(routeEvent(shapeEvent(file), hub)).toMatchObject({
        route: 'Reject',
        accountId: null,
        reason: `the event comes from partition ${partition}; this hub serves ${hub}`,
        device: null,
      });
    },
  );
});

describe('orphan clean-up end to end for each aws shape (real ASL, handlers, simulated organization)', () => {
  /** IAM keys a device by path *and* name, so decoys at the same name elsewhere must survive. */
  function withDevices(
    devices: readonly { name: string; path: string; assignedTo?: string }[],
  ): OrganizationFixture {
    const fixture = orgFixture();
    const prod = fixture.accounts.find((a) => a.id === PROD)!;
    for (const { name, path, assignedTo } of devices) {
      prod.iam.virtualMfaDevices.push({ name, path, assignedTo: assignedTo ?? null });
    }
    return fixture;
  }

  function nameAndPath(serialNumber: string): { name: string; path: string } {
    const rest = serialNumber.replace(/^arn:aws:iam::\d{12}:mfa/, '');
    const slash = rest.lastIndexOf('/');
    return { path: rest.slice(0, slash + 1), name: rest.slice(slash + 1) };
  }

  const AWS_SHAPES = SHAPES.filter((s) => s.hub === 'aws');

  test.each(AWS_SHAPES)(
    'GIVEN the orphan of $file (origin unknown) and decoys (other path, longer name) WHEN the event runs THEN exactly $serialNumber is deleted, once the enrolment window proves it abandoned',
    async ({ file, serialNumber }) => {
      const orphan = nameAndPath(serialNumber);
      const decoyPath = orphan.path === '/' ? '/other/' : '/';
      const fixture = withDevices([
        orphan,
        { name: orphan.name, path: decoyPath },
        { name: `${orphan.name}2`, path: orphan.path },
      ]);
      const event = shapeEvent(file);
      const clock = new VirtualClock(new Date(Date.parse(detailOf(event).eventTime as string) + 2_000));
      const backend = simulatedBackend(fixture, projectConfig(), { clock });

      const { report } = await runEventWorkflow(backend, event);

      expect(report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Deleted',
        actions: [{ type: 'DeleteVirtualMFADevice', accountId: PROD, serialNumber }],
      });
      const expected = structuredClone(fixture);
      const prod = expected.accounts.find((a) => a.id === PROD)!;
      prod.iam.virtualMfaDevices = prod.iam.virtualMfaDevices.filter(
        (d) => !(d.name === orphan.name && d.path === orphan.path),
      );
      expect(backend.sim!.state.accounts.map(({ s3: _hub, ...a }) => a)).toEqual(
        expected.accounts.map(({ s3: _hub, ...a }) => a),
      );
      // No creation was recorded, so nothing proved the caller's ownership: the workflow waited out
      // the enrolment window (15 minutes) before deleting.
      expect(clock.now().getTime() - Date.parse(detailOf(event).eventTime as string)).toBeGreaterThanOrEqual(
        15 * 60_000,
      );
    },
  );
});
