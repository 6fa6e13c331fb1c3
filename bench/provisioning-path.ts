import { updateDeviceRecord } from '../functions/aws/device-record';
import { applyFacts, type DeviceFact } from '../functions/core/device-evidence';
import { memberSessionArn } from '../functions/core/naming';
import type { Backend } from '../local/runner/backend';
import { cloudTrailEvent } from '../local/sim/cloudtrail';
import type { OrganizationFixture } from '../local/sim/fixture';
import { measureEventPath, projectSetup } from './event-path';

const PROD = '222222222222';
const SERIAL = `arn:aws:iam::${PROD}:mfa/dave`;

/** The fixture with dave, just created, and optionally a device named dave left by an earlier dave. */
function withDave(fixture: OrganizationFixture, stale: boolean): OrganizationFixture {
  const copy = structuredClone(fixture);
  const iam = copy.accounts[1]!.iam;
  iam.users.push({
    userName: 'dave',
    path: '/',
    consolePassword: true,
    accessKeys: [],
    tags: {},
    createDate: new Date().toISOString(),
  });
  if (stale) {
    iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      tags: { 'orgmfa:managed': 'provisioned', 'orgmfa:user-id': 'AIDAFORMERDAVE000001' },
    });
  }
  return copy;
}

/** orgmfa's device record, as the event path kept it: `facts` about dave's old device. */
async function recorded(backend: Backend, facts: (hourAgo: string) => DeviceFact[]): Promise<void> {
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  await updateDeviceRecord(
    { s3: backend.clients.s3(backend.hubScope('cleanUpOrphan')), bucket: backend.stateBucket },
    PROD,
    (record) => applyFacts(record, SERIAL, facts(hourAgo), new Date()),
  );
}

/**
 * Provisioning: one CreateUser event in an enabled OU through the real ASL and handlers; then the same
 * with the device of an earlier user of that name in the way, deleted at once (orgmfa's record shows
 * orgmfa's provisioning created it) or after the enrolment window (orgmfa has no record of it).
 */
export async function benchProvisioningPath(): Promise<string[]> {
  const { config, fixture } = projectSetup();
  const event = cloudTrailEvent({
    accountId: PROD,
    userName: 'admin',
    eventName: 'CreateUser',
    requestParameters: { userName: 'dave' },
    time: new Date(),
  });
  const provisioning = {
    ...config,
    provisioning: { ...config.provisioning, organizationalUnitIds: ['ou-a1b2-workload1'] },
  };
  const provisioned = (report: { outcome?: string }) => report.outcome === 'Provisioned';
  const byProvisioning = memberSessionArn('aws', PROD, config.memberRoleName, 'provision-mfa');
  return [
    ...(await measureEventPath({
      title: 'Provisioning path (CreateUser → device enabled, seed stored), event workflow',
      config: provisioning,
      fixture: withDave(fixture, false),
      event,
      succeeded: provisioned,
    })),
    '  TOTP: previous and current window computed at once, no wait for a second code',
    '  goal: ≤ 6 sequential calls, < 2 s (the 2017 single-account sample waited up to 30 s for a second code)',
    '',
    ...(await measureEventPath({
      title:
        'Provisioning path with an earlier user’s device of that name in the way (orgmfa provisioned it, the record shows it): deleted, then provisioned, in one execution',
      config: provisioning,
      fixture: withDave(fixture, true),
      event,
      before: (backend) =>
        recorded(backend, (hourAgo) => [
          { kind: 'created', by: byProvisioning, at: hourAgo },
          { kind: 'deactivated', at: hourAgo },
        ]),
      succeeded: provisioned,
    })),
    '',
    ...(await measureEventPath({
      title:
        'Provisioning path with a device of that name orgmfa has no record of: first seen now, the workflow waits the enrolment window (15 min, not counted), deleted, then provisioned',
      config: provisioning,
      fixture: withDave(fixture, true),
      event,
      succeeded: provisioned,
    })),
  ];
}
