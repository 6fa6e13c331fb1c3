import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD, SANDBOX, SUSPENDED } from '../helpers/compliance-org';
import { projectConfig } from '../helpers/simulated-org';

type Stored = {
  Id: string;
  GeneratorId: string;
  Compliance: { Status: string };
  RecordState: string;
  Resources: { Id: string }[];
  AwsAccountId: string;
  ProductArn: string;
  UpdatedAt: string;
};

function findings(backend: Backend, accountId: string): Stored[] {
  return (backend.sim!.account(accountId)!.securityHub?.findings ?? []) as unknown as Stored[];
}

/** Active findings as "control resource" lines, sorted. */
function active(backend: Backend, accountId: string): string[] {
  return findings(backend, accountId)
    .filter((f) => f.RecordState === 'ACTIVE')
    .map((f) => `${f.GeneratorId.replace('orgmfa/', '')} ${f.Resources[0]!.Id}`)
    .sort();
}

const NOW = new Date('2026-11-21T09:00:00Z');

/** orgmfa's device record of PROD in the hub's state bucket, parsed. */
function deviceRecord(backend: Backend): { devices: Record<string, Record<string, string>> } {
  const bucket = backend.sim!.account(MGMT)!.s3!.buckets.find((b) => b.name === 'orgmfa-state-111111111111')!;
  return JSON.parse(bucket.objects.find((o) => o.key === `devices/${PROD}.json`)!.body) as {
    devices: Record<string, Record<string, string>>;
  };
}

describe('the organization-wide sweep (real ASL, Distributed Map over S3, real handlers, simulated organization)', () => {
  test('GIVEN every kind of problem THEN each control reports it in the account’s own Security Hub, and failures are listed with reasons', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });

    const { report } = await runSweepWorkflow(backend);

    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts).toEqual({
      total: 5,
      succeeded: 3,
      failed: [
        {
          accountId: SANDBOX,
          reason:
            'cannot assume the orgmfa member role in account 333333333333: deploy the member stack there or check its trust policy',
        },
      ],
      // Listed, not swept, and not a failure: a closed account stays SUSPENDED for 90 days.
      skipped: [{ accountId: SUSPENDED, reason: 'account 444444444444 is SUSPENDED, not ACTIVE' }],
      // Evaluated and reported, said plainly, not a failure among others.
      securityHubNotEnabled: [NO_SECURITY_HUB],
      warnings: [],
    });
    expect(active(backend, PROD)).toEqual([
      `ORGMFA.1 arn:aws:iam::${PROD}:user/alice`,
      `ORGMFA.1 arn:aws:iam::${PROD}:user/frank`,
      `ORGMFA.2 arn:aws:iam::${PROD}:user/dave`,
      `ORGMFA.4 AWS::::Account:${PROD}`,
      `ORGMFA.6 arn:aws:iam::${PROD}:user/erin`,
    ]);
    expect(active(backend, MGMT)).toEqual([`ORGMFA.5 AWS::::Account:${MGMT}`]);
    // Imported from inside each member account, with its own default product.
    for (const f of findings(backend, PROD)) {
      expect(f).toMatchObject({
        AwsAccountId: PROD,
        ProductArn: `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default`,
      });
    }
    // Active: five failing in accounts with Security Hub, and henry's in the account without it (evaluated,
    // not imported); erin's exemption counted apart.
    expect(report.findings).toEqual({ imported: 6, resolved: 0, active: 6, exempt: 1, tampered: 0 });
    expect(findings(backend, NO_SECURITY_HUB)).toEqual([]);
    // The old orphan was deleted; alice-phone (never seen before) is recorded as first seen now in
    // orgmfa's own record, not deleted, and not tagged.
    const devices = backend.sim!.account(PROD)!.iam.virtualMfaDevices;
    expect(devices.map((d) => d.name)).not.toContain('old-orphan');
    expect(devices.find((d) => d.name === 'alice-phone')?.tags).toBeUndefined();
    expect(deviceRecord(backend).devices[`arn:aws:iam::${PROD}:mfa/alice-phone`]).toEqual({
      unassignedSince: NOW.toISOString(),
      asOf: NOW.toISOString(),
      checkedAt: NOW.toISOString(),
    });
    // Deleted once the credential report was read (the clock moves while IAM builds it).
    expect(deviceRecord(backend).devices[`arn:aws:iam::${PROD}:mfa/old-orphan`]).toMatchObject({
      deletedAt: expect.stringMatching(/^2026-11-21T09:00:\d\d\.000Z$/),
    });
    expect(report.orphansDeleted).toBe(1);
  });

  test('GIVEN a sweep already ran THEN running it again changes nothing (idempotent)', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });
    await runSweepWorkflow(backend, { sweepId: 'first' });
    const before = JSON.stringify(backend.sim!.state.accounts.map((a) => a.securityHub));

    const { report } = await runSweepWorkflow(backend, { sweepId: 'second' });

    expect(report.findings).toEqual({ imported: 0, resolved: 0, active: 6, exempt: 1, tampered: 0 });
    expect(JSON.stringify(backend.sim!.state.accounts.map((a) => a.securityHub))).toBe(before);
  });

  test('lifecycle: fixed → resolved and archived; broken again → active again; deleted user → resolved', async () => {
    const clock = new VirtualClock(NOW);
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const prod = backend.sim!.account(PROD)!;
    const aliceFinding = () =>
      findings(backend, PROD).find(
        (f) => f.Resources[0]!.Id.endsWith('/alice') && f.GeneratorId === 'orgmfa/ORGMFA.1',
      )!;
    const firstUpdate = aliceFinding().UpdatedAt;

    // alice gets MFA, dave is deleted; the report is regenerated only after four hours.
    prod.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = 'alice';
    prod.iam.users = prod.iam.users.filter((u) => u.userName !== 'dave');
    clock.set(new Date(NOW.getTime() + 5 * 3600_000));
    const fixed = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(fixed.report.findings).toMatchObject({ resolved: 2, imported: 0 });
    expect(aliceFinding()).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' });
    expect(aliceFinding().UpdatedAt > firstUpdate).toBe(true);
    expect(active(backend, PROD)).not.toContain(`ORGMFA.2 arn:aws:iam::${PROD}:user/dave`);

    // alice loses her device again.
    prod.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = null;
    clock.set(new Date(NOW.getTime() + 10 * 3600_000));
    const broken = await runSweepWorkflow(backend, { sweepId: 's3' });

    expect(broken.report.findings.imported).toBe(1);
    expect(aliceFinding()).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });
  });

  test('GIVEN 30% throttling on IAM and Security Hub THEN the sweep completes, every account is accounted for, nothing is lost', async () => {
    const calm = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });
    const stormy = simulatedBackend(complianceOrg(), projectConfig(), {
      clock: new VirtualClock(NOW),
      faults: {
        throttle: [
          { service: 'iam', rate: 0.3 },
          { service: 'securityhub', rate: 0.3 },
        ],
        seed: 11,
      },
    });

    const [expected, { report }] = [await runSweepWorkflow(calm), await runSweepWorkflow(stormy)];

    expect(
      stormy.sim!.calls.filter((c) => c.error === 'Throttling' || c.error === 'TooManyRequestsException')
        .length,
    ).toBeGreaterThan(0);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts).toEqual(expected.report.accounts);
    expect(report.findings).toEqual(expected.report.findings);
    for (const account of [MGMT, PROD]) expect(active(stormy, account)).toEqual(active(calm, account));
  });

  test('each sweep writes its report (JSON lines and CSV per account) and its summary to S3', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });

    await runSweepWorkflow(backend, { sweepId: 'report' });

    const objects = backend.sim!.account(MGMT)!.s3!.buckets[0]!.objects;
    const csv = objects
      .find((o) => o.key === `reports/sweep=report/format=csv/${PROD}.csv`)!
      .body.split('\n');
    expect(csv[0]).toBe('account,resource,control,status,since,note,detail,exemptionReason,exemptUntil');
    // "since" is when the finding became active: after the report was generated (seconds after NOW).
    expect(csv).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${PROD},arn:aws:iam::${PROD}:user/dave,ORGMFA.2,FAILED,2026-11-21T09:00:\\d\\d\\.\\d{3}Z,,IAM user dave has 1 active access key and no MFA device\\.,,$`,
        ),
      ),
    );
    const jsonl = objects
      .find((o) => o.key === `reports/sweep=report/format=jsonl/${MGMT}.jsonl`)!
      .body.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jsonl).toEqual([
      {
        account: MGMT,
        resource: `AWS::::Account:${MGMT}`,
        control: 'ORGMFA.5',
        status: 'FAILED',
        // After the credential report's generation, which takes (simulated) seconds; the accounts are
        // swept concurrently on one virtual clock, so how many depends on how their waits interleave.
        since: expect.stringMatching(/^2026-11-21T09:00:\d\d\.000Z$/),
        detail: expect.stringMatching(/^The root user of account 111111111111 has/),
      },
    ]);
    const summary = JSON.parse(objects.find((o) => o.key === 'reports/sweep=report/summary.json')!.body);
    expect(summary.accounts.total).toBe(5);
  });

  test('the sweep is cheap per account: the same calls for 1 or 30 users', async () => {
    const callsFor = async (users: number) => {
      const fixture = complianceOrg();
      fixture.accounts = fixture.accounts.filter((a) => a.id === PROD || a.id === MGMT);
      fixture.accounts[1]!.iam.users.push(
        ...Array.from({ length: users }, (_, i) => ({
          userName: `u${i}`,
          path: '/',
          consolePassword: true,
          accessKeys: [],
          tags: {},
        })),
      );
      const backend = simulatedBackend(fixture, projectConfig(), { clock: new VirtualClock(NOW) });
      await runSweepWorkflow(backend, { sweepId: 'once' });
      // Second sweep: steady state, no imports; count the member account's own calls.
      const second = await runSweepWorkflow(backend, { sweepId: 'twice' });
      return second.report.apiCalls.filter((c) => c.accountId === PROD).length;
    };
    expect(await callsFor(30)).toBe(await callsFor(1));
  });
});
