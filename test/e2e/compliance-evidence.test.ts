import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, PROD } from '../helpers/compliance-org';
import { recordOf, securityHubDisagreements, stored, type StoredFinding } from '../helpers/findings-state';
import { projectConfig } from '../helpers/simulated-org';

/**
 * Fresh evidence wins: the event path reads a user fresh, the sweep reads a credential report that IAM
 * reuses for up to four hours. A verdict never replaces one that rests on fresher evidence, and orgmfa's
 * record and Security Hub agree after every step, in either order.
 */

const NOW = new Date('2026-11-21T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function setUp() {
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock });
  return { clock, backend, prod: backend.sim!.account(PROD)! };
}

function event(backend: Backend, time: Date, eventName: string, requestParameters: Record<string, unknown>) {
  return runEventWorkflow(
    backend,
    cloudTrailEvent({ accountId: PROD, userName: 'admin', eventName, requestParameters, time }),
  );
}

/** The finding of `control` about `user` as Security Hub holds it: "STATUS/RECORDSTATE". */
function shown(backend: Backend, control: string, user: string): string {
  const finding: StoredFinding | undefined = stored(backend, PROD).find(
    (f) => f.GeneratorId === `orgmfa/${control}` && f.Resources[0]!.Id.endsWith(`/${user}`),
  );
  return finding === undefined ? 'none' : `${finding.Compliance.Status}/${finding.RecordState}`;
}

/** What Security Hub shows for the users and controls this story follows. */
function picture(backend: Backend) {
  return {
    dave2: shown(backend, 'ORGMFA.2', 'dave'),
    frank1: shown(backend, 'ORGMFA.1', 'frank'),
    alice1: shown(backend, 'ORGMFA.1', 'alice'),
    bob1: shown(backend, 'ORGMFA.1', 'bob'),
  };
}

const BEFORE = {
  dave2: 'FAILED/ACTIVE',
  frank1: 'FAILED/ACTIVE',
  alice1: 'FAILED/ACTIVE',
  bob1: 'none',
};
const FIXED = {
  dave2: 'PASSED/ARCHIVED',
  frank1: 'PASSED/ARCHIVED',
  alice1: 'PASSED/ARCHIVED',
  bob1: 'FAILED/ACTIVE',
};

describe('fresh evidence wins over an older credential report (real ASL, real handlers, simulated organization)', () => {
  test('GIVEN users fixed (and one broken) and re-evaluated by events WHEN sweeps read the older report THEN no finding flaps, and record and Security Hub agree at every step', async () => {
    const { clock, backend, prod } = setUp();
    await runSweepWorkflow(backend, { sweepId: 's1' }); // IAM generates the report now
    const reportAt = prod.iam.credentialReport!.generatedTime;
    expect(reportAt < at(30).toISOString()).toBe(true);
    expect(picture(backend)).toEqual(BEFORE);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);

    // Half an hour later: dave deletes his access key, frank registers a FIDO security key, alice assigns
    // her virtual device, and bob loses his; each change's event re-evaluates the user, fresh.
    clock.set(at(30));
    prod.iam.users.find((u) => u.userName === 'dave')!.accessKeys = [];
    const frank = prod.iam.users.find((u) => u.userName === 'frank')!;
    frank.mfaDevices = [`arn:aws:iam::${PROD}:u2f/user/frank/fidosecuritykey-ABCDEF`];
    prod.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = 'alice';
    prod.iam.virtualMfaDevices.find((d) => d.name === 'bob')!.assignedTo = null;
    await event(backend, at(30), 'DeleteAccessKey', { userName: 'dave', accessKeyId: 'AKIAEXAMPLE' });
    await event(backend, at(30), 'EnableMFADevice', { userName: 'frank', serialNumber: 'x' });
    await event(backend, at(30), 'EnableMFADevice', { userName: 'alice', serialNumber: 'x' });
    await event(backend, at(30), 'DeactivateMFADevice', { userName: 'bob', serialNumber: 'x' });
    expect(picture(backend)).toEqual(FIXED);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);

    // An hour later the sweep runs: IAM serves the first report again, taken before every change.
    clock.set(at(90));
    const stale = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(prod.iam.credentialReport!.generatedTime).toBe(reportAt);
    expect(picture(backend)).toEqual(FIXED);
    expect(stale.report.findings).toMatchObject({ imported: 0, resolved: 0 });
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);

    // Five hours on, IAM has a new report that shows the changes: still nothing moves.
    clock.set(at(330));
    const fresh = await runSweepWorkflow(backend, { sweepId: 's3' });

    expect(prod.iam.credentialReport!.generatedTime >= at(330).toISOString()).toBe(true);
    expect(picture(backend)).toEqual(FIXED);
    expect(fresh.report.findings).toMatchObject({ imported: 0, resolved: 0 });
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a sweep first, then the event of a change it could not see, then a sweep with the same old report THEN the event’s verdict stands', async () => {
    const { clock, backend, prod } = setUp();
    await runSweepWorkflow(backend, { sweepId: 's1' });

    // dave deletes his key at NOW+10 min; the event is late.
    prod.iam.users.find((u) => u.userName === 'dave')!.accessKeys = [];
    clock.set(at(60));
    await runSweepWorkflow(backend, { sweepId: 's2' });
    expect(shown(backend, 'ORGMFA.2', 'dave')).toBe('FAILED/ACTIVE'); // the report still shows the key

    clock.set(at(120));
    await event(backend, at(10), 'DeleteAccessKey', { userName: 'dave', accessKeyId: 'AKIAEXAMPLE' });
    expect(shown(backend, 'ORGMFA.2', 'dave')).toBe('PASSED/ARCHIVED');
    const resolvedAt = (await recordOf(backend, PROD)).find(
      (r) => r.control === 'ORGMFA.2' && r.resourceId.endsWith('/dave'),
    )!;
    expect(resolvedAt).toMatchObject({ status: 'PASSED', evidenceAt: at(120).toISOString() });

    clock.set(at(180));
    const third = await runSweepWorkflow(backend, { sweepId: 's3' });

    expect(shown(backend, 'ORGMFA.2', 'dave')).toBe('PASSED/ARCHIVED');
    expect(third.report.findings.imported).toBe(0);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a user deleted after the report THEN the sweep resolves its findings from the fresh user listing, not the old row', async () => {
    const { clock, backend, prod } = setUp();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, 'ORGMFA.2', 'dave')).toBe('FAILED/ACTIVE');

    prod.iam.users = prod.iam.users.filter((u) => u.userName !== 'dave'); // no event reached orgmfa
    clock.set(at(60));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(prod.iam.credentialReport!.content).toContain('dave');
    expect(shown(backend, 'ORGMFA.2', 'dave')).toBe('PASSED/ARCHIVED');
    expect(report.findings.resolved).toBe(1);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a user created after the report with an event-path finding THEN the sweep (whose report lacks the user) leaves it alone', async () => {
    const { clock, backend, prod } = setUp();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    clock.set(at(30));
    prod.iam.users.push({ userName: 'nina', path: '/', consolePassword: true, accessKeys: [], tags: {} });
    await event(backend, at(30), 'CreateLoginProfile', { userName: 'nina' });
    expect(shown(backend, 'ORGMFA.1', 'nina')).toBe('FAILED/ACTIVE');

    clock.set(at(60));
    await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(shown(backend, 'ORGMFA.1', 'nina')).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });
});
