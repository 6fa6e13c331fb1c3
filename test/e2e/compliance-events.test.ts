import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, PROD } from '../helpers/compliance-org';
import { projectConfig } from '../helpers/simulated-org';

const NOW = new Date('2026-11-21T09:00:00Z');
type Stored = {
  GeneratorId: string;
  Compliance: { Status: string };
  RecordState: string;
  Resources: { Id: string }[];
};

function finding(backend: Backend, control: string, user: string): Stored | undefined {
  return ((backend.sim!.account(PROD)!.securityHub?.findings ?? []) as unknown as Stored[]).find(
    // Users may have a path (bob is in /engineering/): match the ARN's last segment.
    (f) =>
      f.GeneratorId === `orgmfa/${control}` &&
      f.Resources[0]!.Id.startsWith(`arn:aws:iam::${PROD}:user/`) &&
      f.Resources[0]!.Id.endsWith(`/${user}`),
  );
}

function event(eventName: string, requestParameters: Record<string, unknown>, caller = 'admin') {
  return cloudTrailEvent({ accountId: PROD, userName: caller, eventName, requestParameters, time: NOW });
}

async function sweptOrg() {
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock });
  await runSweepWorkflow(backend, { sweepId: 'baseline' });
  clock.set(new Date(NOW.getTime() + 60_000));
  return backend;
}

describe('near-real-time re-evaluation from IAM events (real ASL, real handlers)', () => {
  test('GIVEN alice enables MFA THEN her ORGMFA.1 finding is resolved within the event, with fresh per-user reads', async () => {
    const backend = await sweptOrg();
    expect(finding(backend, 'ORGMFA.1', 'alice')).toMatchObject({ RecordState: 'ACTIVE' });
    backend.sim!.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo =
      'alice';

    const { report } = await runEventWorkflow(
      backend,
      event(
        'EnableMFADevice',
        { userName: 'alice', serialNumber: `arn:aws:iam::${PROD}:mfa/alice-phone` },
        'alice',
      ),
    );

    expect(report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Evaluated',
      actions: [{ type: 'ImportFindings', accountId: PROD, userName: 'alice', new: 0, resolved: 1 }],
    });
    expect(finding(backend, 'ORGMFA.1', 'alice')).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
    });
    const operations = report.apiCalls.map((c) => c.operation);
    expect(operations).toEqual(
      expect.arrayContaining([
        'GetUser',
        'GetLoginProfile',
        'ListMFADevices',
        'ListAccessKeys',
        'BatchImportFindings',
      ]),
    );
    expect(operations).not.toContain('GetCredentialReport');
  });

  test('GIVEN dave is deleted THEN his findings are resolved', async () => {
    const backend = await sweptOrg();
    const prod = backend.sim!.account(PROD)!;
    prod.iam.users = prod.iam.users.filter((u) => u.userName !== 'dave');

    const { report } = await runEventWorkflow(backend, event('DeleteUser', { userName: 'dave' }));

    expect(report).toMatchObject({
      outcome: 'UserDeleted',
      actions: [{ type: 'ImportFindings', userName: 'dave', resolved: 1 }],
    });
    expect(finding(backend, 'ORGMFA.2', 'dave')).toMatchObject({ RecordState: 'ARCHIVED' });
  });

  test('GIVEN bob (console password, an access key) loses his MFA and creates himself a key THEN the caller is evaluated and ORGMFA.1 and .2 are reported at once', async () => {
    const backend = await sweptOrg();
    const prod = backend.sim!.account(PROD)!;
    prod.iam.virtualMfaDevices.find((d) => d.name === 'bob')!.assignedTo = null;

    // A user acting on their own keys: the request names no user, CloudTrail names the caller.
    const { report } = await runEventWorkflow(backend, event('CreateAccessKey', {}, 'bob'));

    expect(report.actions).toEqual([
      { type: 'ImportFindings', accountId: PROD, userName: 'bob', new: 2, resolved: 0 },
    ]);
    expect(finding(backend, 'ORGMFA.1', 'bob')).toMatchObject({ RecordState: 'ACTIVE' });
    expect(finding(backend, 'ORGMFA.2', 'bob')).toMatchObject({
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
  });

  test('GIVEN an event that changes nothing for compliance THEN nothing is imported', async () => {
    const backend = await sweptOrg();

    const { report } = await runEventWorkflow(
      backend,
      event('UpdateAccessKey', { userName: 'alice', status: 'Inactive' }),
    );

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated', actions: [] });
    expect(report.apiCalls.map((c) => c.operation)).not.toContain('BatchImportFindings');
  });
});
