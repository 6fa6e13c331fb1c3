import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, PROD } from '../helpers/compliance-org';
import { recordOf, securityHubDisagreements, stored } from '../helpers/findings-state';
import { projectConfig } from '../helpers/simulated-org';

/**
 * ORGMFA.4 (a provisioned seed never collected) on IAM as AWS has it: ListVirtualMFADevices returns no
 * tags, so the sweep reads the tags of the few devices that can hold such a seed (ListMFADeviceTags):
 * devices named as orgmfa names them and enabled within the seed's lifetime plus a margin, and devices
 * whose seed finding is active.
 */
const NOW = new Date('2026-11-21T09:00:00Z');
const DAY = 86_400_000;
const GINA = `arn:aws:iam::${PROD}:mfa/gina`;

function backendFor(faults?: FaultPlan) {
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(complianceOrg(), projectConfig(), {
    clock,
    ...(faults === undefined ? {} : { faults }),
  });
  return { clock, backend };
}

/** Gina's ORGMFA.4 finding: "STATUS/RECORDSTATE", or undefined. */
function ginaSeed(backend: Backend): string | undefined {
  const finding = stored(backend, PROD).find(
    (f) => f.GeneratorId === 'orgmfa/ORGMFA.4' && f.Resources[0]!.Details?.Other?.Subject === 'seed:gina',
  );
  return finding === undefined ? undefined : `${finding.Compliance.Status}/${finding.RecordState}`;
}

/** The devices whose tags a sweep read in PROD. */
function tagReads(report: {
  apiCalls: readonly { accountId?: string; operation: string; input?: unknown }[];
}) {
  return report.apiCalls.filter((c) => c.accountId === PROD && c.operation === 'ListMFADeviceTags');
}

describe('ORGMFA.4 without tags in the device listing', () => {
  test('GIVEN gina’s provisioned device, enabled eight days ago, its seed expired uncollected THEN the sweep reports it, reading the tags of that one device only', async () => {
    const { backend } = backendFor();

    const { report } = await runSweepWorkflow(backend, { sweepId: 's1' });

    expect(ginaSeed(backend)).toBe('FAILED/ACTIVE');
    // bob's device bears his name but was enabled long ago; alice's is named otherwise: neither is read.
    expect(tagReads(report)).toHaveLength(1);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN the seed finding active WHEN the device is older than the seed lifetime plus the margin THEN it stays reported, until gina collects her seed; then its tags are no longer read', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });

    clock.set(new Date(NOW.getTime() + 30 * DAY));
    const later = await runSweepWorkflow(backend, { sweepId: 's2' });
    expect(ginaSeed(backend)).toBe('FAILED/ACTIVE');
    expect(tagReads(later.report)).toHaveLength(1);

    const device = backend.sim!.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === 'gina')!;
    device.tags = { ...device.tags, 'orgmfa:seed-collected': clock.now().toISOString() };
    clock.set(new Date(NOW.getTime() + 31 * DAY));
    await runSweepWorkflow(backend, { sweepId: 's3' });
    expect(ginaSeed(backend)).toBe('PASSED/ARCHIVED');

    clock.set(new Date(NOW.getTime() + 32 * DAY));
    const after = await runSweepWorkflow(backend, { sweepId: 's4' });
    expect(tagReads(after.report)).toHaveLength(0);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN ListMFADeviceTags denied (an SCP) THEN the seed finding is left as it was, with a warning naming the device, and the rest of the account is swept', async () => {
    const denied: { accountId: string; operation: string }[] = [];
    const { clock, backend } = backendFor({ accessDenied: denied });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const before = (await recordOf(backend, PROD)).find((r) => r.subject === 'seed:gina');
    expect(before?.status).toBe('FAILED');

    denied.push({ accountId: PROD, operation: 'ListMFADeviceTags' });
    clock.set(new Date(NOW.getTime() + 30 * DAY));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.accounts.failed).not.toContainEqual(expect.objectContaining({ accountId: PROD }));
    expect(report.accounts.warnings.find((w) => w.accountId === PROD)?.warnings).toContainEqual(
      `iam:ListMFADeviceTags was denied for the MFA device ${GINA} of IAM user gina (AccessDenied: User: arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: iam:ListMFADeviceTags): its ORGMFA.4 finding was left as it was`,
    );
    expect(ginaSeed(backend)).toBe('FAILED/ACTIVE');
    expect((await recordOf(backend, PROD)).find((r) => r.subject === 'seed:gina')).toEqual(before);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN gina’s seed awaiting pickup but stored for the unique id of an earlier gina (re-created while it was provisioned) THEN the sweep reports it at once: she cannot collect it', async () => {
    const { backend } = backendFor();
    const prod = backend.sim!.account(PROD)!;
    const device = prod.iam.virtualMfaDevices.find((d) => d.name === 'gina')!;
    device.enableDate = new Date(NOW.getTime() - DAY).toISOString();
    device.tags = {
      ...device.tags,
      'orgmfa:user-id': 'AIDAFORMERGINA000001',
      'orgmfa:seed-expires': new Date(NOW.getTime() + 6 * DAY).toISOString(),
    };

    await runSweepWorkflow(backend, { sweepId: 's1' });

    expect(ginaSeed(backend)).toBe('FAILED/ACTIVE');
    const finding = (await recordOf(backend, PROD)).find((r) => r.subject === 'seed:gina');
    expect(finding?.status).toBe('FAILED');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN the device name template changed while gina’s seed was pending, or gina renamed before a sweep saw it expire THEN her expired seed is still reported (candidates by enabling date, whatever their name)', async () => {
    const config = projectConfig();
    const changed = simulatedBackend(
      complianceOrg(),
      { ...config, provisioning: { ...config.provisioning, deviceNameTemplate: '{userName}-mfa' } },
      { clock: new VirtualClock(NOW) },
    );
    await runSweepWorkflow(changed, { sweepId: 's1' });
    expect(ginaSeed(changed)).toBe('FAILED/ACTIVE');

    const { backend } = backendFor();
    // What UpdateUser NewUserName does: the same user (id, devices, tags) under another name.
    const iam = backend.sim!.account(PROD)!.iam;
    iam.users.find((u) => u.userName === 'gina')!.userName = 'gina.smith';
    iam.virtualMfaDevices.find((d) => d.assignedTo === 'gina')!.assignedTo = 'gina.smith';
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const renamed = stored(backend, PROD).find(
      (f) =>
        f.GeneratorId === 'orgmfa/ORGMFA.4' && f.Resources[0]!.Details?.Other?.Subject === 'seed:gina.smith',
    );
    expect(renamed && `${renamed.Compliance.Status}/${renamed.RecordState}`).toBe('FAILED/ACTIVE');
  });
});
