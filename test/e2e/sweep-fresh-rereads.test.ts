import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import type { OrganizationFixture } from '../../local/sim/fixture';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, PROD, complianceOrgWithQuotedPath } from '../helpers/compliance-org';
import { recordOf, securityHubDisagreements, stored } from '../helpers/findings-state';
import { projectConfig } from '../helpers/simulated-org';

/**
 * Where the credential report cannot be trusted for a user, the sweep reads that user fresh (the event
 * path's per-user reads) instead of dropping it or yielding to a record it cannot judge: a row whose ARN
 * differs from the user's now (a quote in the path), a row older than the user (deleted and re-created
 * with the same name), and an exemption that has started or ended since the record's verdict.
 */

function setUp(fixture: OrganizationFixture, start: string, faults?: FaultPlan) {
  const clock = new VirtualClock(new Date(start));
  const backend = simulatedBackend(fixture, projectConfig(), {
    clock,
    ...(faults === undefined ? {} : { faults }),
  });
  return { clock, backend, prod: backend.sim!.account(PROD)! };
}

/** The finding of `control` about `user` as Security Hub holds it: "STATUS/RECORDSTATE", or "none". */
function shown(backend: Backend, control: string, user: string): string {
  const finding = stored(backend, PROD).find(
    (f) => f.GeneratorId === `orgmfa/${control}` && f.Resources[0]!.Id.endsWith(`/${user}`),
  );
  return finding === undefined ? 'none' : `${finding.Compliance.Status}/${finding.RecordState}`;
}

/** The per-user reads (GetUser) the sweep made in the member account, by user. */
function getUserCalls(backend: Backend, since: number): number {
  return backend.recorder.calls
    .slice(since)
    .filter((call) => call.service === 'iam' && call.operation === 'GetUser' && call.accountId === PROD)
    .length;
}

describe('the sweep re-reads fresh the users the report cannot speak for', () => {
  test('GIVEN a user whose path holds ,"b", (a report row with two self-consistent readings) THEN the sweep evaluates the user under its real ARN, without a per-user read', async () => {
    const fixture = complianceOrgWithQuotedPath();
    const { backend } = setUp(fixture, '2026-11-21T09:00:00Z');
    const before = backend.recorder.calls.length;

    const { report } = await runSweepWorkflow(backend, { sweepId: 'quoted' });

    const arn = `arn:aws:iam::${PROD}:user/a,"b",c/mallory`;
    const mallory = stored(backend, PROD).filter((f) => f.Resources[0]!.Id === arn);
    expect(mallory.map((f) => `${f.GeneratorId} ${f.Compliance.Status}/${f.RecordState}`).sort()).toEqual([
      'orgmfa/ORGMFA.1 FAILED/ACTIVE',
      'orgmfa/ORGMFA.2 FAILED/ACTIVE',
    ]);
    // The reading whose ARN exists is taken: no fresh read was needed.
    expect(getUserCalls(backend, before)).toBe(0);
    expect(report.accounts.warnings).toEqual([]);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a user re-created on another path since the report (events lost) THEN the sweep reads it fresh and reports the new user, one per-user read', async () => {
    const fixture = complianceOrg();
    const prod = fixture.accounts.find((a) => a.id === PROD)!;
    prod.iam.users.push({ userName: 'kim', path: '/', consolePassword: false, accessKeys: [], tags: {} });
    const { clock, backend, prod: account } = setUp(fixture, '2026-11-21T09:00:00Z');
    await runSweepWorkflow(backend, { sweepId: 's1' });
    clock.set(new Date('2026-11-21T09:30:00Z'));
    account.iam.users = account.iam.users.filter((u) => u.userName !== 'kim');
    account.iam.users.push({
      userName: 'kim',
      path: '/moved/',
      consolePassword: true,
      accessKeys: [],
      tags: {},
      createDate: '2026-11-21T09:30:00Z',
    });
    clock.set(new Date('2026-11-21T10:00:00Z'));
    const before = backend.recorder.calls.length;

    await runSweepWorkflow(backend, { sweepId: 's2' });

    const moved = stored(backend, PROD).find(
      (f) =>
        f.GeneratorId === 'orgmfa/ORGMFA.1' && f.Resources[0]!.Id === `arn:aws:iam::${PROD}:user/moved/kim`,
    );
    expect(moved === undefined ? 'none' : `${moved.Compliance.Status}/${moved.RecordState}`).toBe(
      'FAILED/ACTIVE',
    );
    expect(getUserCalls(backend, before)).toBe(1);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN an exemption that ends between an event and a sweep reading an older (reused) report THEN the sweep re-reads the user and reports it failing, not exempt', async () => {
    const fixture = complianceOrg();
    fixture.accounts
      .find((a) => a.id === PROD)!
      .iam.users.push({
        userName: 'ivy',
        path: '/',
        consolePassword: true,
        accessKeys: [{ active: true }],
        tags: { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2026-11-21' },
      });
    const { clock, backend, prod } = setUp(fixture, '2026-11-21T20:30:00Z');
    // 20:30: a sweep has IAM generate the report.
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, 'ORGMFA.6', 'ivy')).toBe('WARNING/ACTIVE');
    // 22:00: an event re-evaluates ivy fresh (still exempt): her record now rests on 22:00.
    clock.set(new Date('2026-11-21T22:00:00Z'));
    await runEventWorkflow(
      backend,
      cloudTrailEvent({
        accountId: PROD,
        userName: 'admin',
        eventName: 'UpdateAccessKey',
        requestParameters: { userName: 'ivy', accessKeyId: 'AKIA', status: 'Active' },
        time: clock.now(),
      }),
    );
    // 00:15 the next day: the exemption has ended; the sweep reads the 20:30 report again.
    clock.set(new Date('2026-11-22T00:15:00Z'));
    const before = backend.recorder.calls.length;

    await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(prod.iam.credentialReport!.generatedTime).toBe('2026-11-21T20:30:00.000Z');
    expect(shown(backend, 'ORGMFA.1', 'ivy')).toBe('FAILED/ACTIVE');
    expect(shown(backend, 'ORGMFA.2', 'ivy')).toBe('FAILED/ACTIVE');
    expect(shown(backend, 'ORGMFA.6', 'ivy')).toBe('PASSED/ARCHIVED');
    // Only ivy was read fresh.
    expect(getUserCalls(backend, before)).toBe(1);
    const ivy = (await recordOf(backend, PROD)).filter((r) => r.resourceId.endsWith('/ivy'));
    expect(ivy.map((r) => [r.control, r.status, r.evidenceAt]).sort()).toEqual([
      ['ORGMFA.1', 'FAILED', '2026-11-22T00:15:00.000Z'],
      ['ORGMFA.2', 'FAILED', '2026-11-22T00:15:00.000Z'],
      ['ORGMFA.6', 'PASSED', '2026-11-22T00:15:00.000Z'],
    ]);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a user deleted and re-created with the same name and path between report and sweep (events lost) THEN the new user is read fresh, not judged by the old row', async () => {
    const fixture = complianceOrg();
    const prodFixture = fixture.accounts.find((a) => a.id === PROD)!;
    prodFixture.iam.users.push({
      userName: 'jack',
      path: '/',
      consolePassword: true,
      accessKeys: [],
      tags: {},
    });
    prodFixture.iam.virtualMfaDevices.push({ name: 'jack', path: '/', assignedTo: 'jack' });
    const { clock, backend, prod } = setUp(fixture, '2026-11-21T09:00:00Z');
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, 'ORGMFA.1', 'jack')).toBe('none');
    // 09:30: jack leaves; a new person "jack" joins: console password, access key, no MFA.
    clock.set(new Date('2026-11-21T09:30:00Z'));
    prod.iam.virtualMfaDevices = prod.iam.virtualMfaDevices.filter((d) => d.name !== 'jack');
    prod.iam.users = prod.iam.users.filter((u) => u.userName !== 'jack');
    prod.iam.users.push({
      userName: 'jack',
      path: '/',
      consolePassword: true,
      accessKeys: [{ active: true }],
      tags: {},
      createDate: '2026-11-21T09:30:00Z',
    });
    clock.set(new Date('2026-11-21T10:00:00Z'));
    const before = backend.recorder.calls.length;

    await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(prod.iam.credentialReport!.generatedTime).toBe('2026-11-21T09:00:00.000Z');
    expect(shown(backend, 'ORGMFA.1', 'jack')).toBe('FAILED/ACTIVE');
    expect(shown(backend, 'ORGMFA.2', 'jack')).toBe('FAILED/ACTIVE');
    expect(getUserCalls(backend, before)).toBe(1);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN the fresh read of such a user denied (an SCP on its path) THEN its findings are left as they were, with a warning naming the user, and the others are evaluated', async () => {
    const fixture = complianceOrg();
    fixture.accounts
      .find((a) => a.id === PROD)!
      .iam.users.push({ userName: 'jack', path: '/', consolePassword: true, accessKeys: [], tags: {} });
    const denied: { accountId: string; operation: string; userName: string }[] = [];
    const { clock, backend, prod } = setUp(fixture, '2026-11-21T09:00:00Z', { accessDenied: denied });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, 'ORGMFA.1', 'jack')).toBe('FAILED/ACTIVE');
    // jack is re-created (with MFA now) and may no longer be read.
    prod.iam.users = prod.iam.users.filter((u) => u.userName !== 'jack');
    prod.iam.users.push({
      userName: 'jack',
      path: '/',
      consolePassword: true,
      accessKeys: [],
      tags: {},
      mfaDevices: ['GAHT12345678'],
      createDate: '2026-11-21T09:30:00Z',
    });
    denied.push({ accountId: PROD, operation: 'GetUser', userName: 'jack' });
    clock.set(new Date('2026-11-21T10:00:00Z'));

    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.accounts.warnings).toEqual([
      {
        accountId: PROD,
        warnings: [
          `the fresh read (GetUser, GetLoginProfile, ListAccessKeys, ListMFADevices) was denied for IAM user jack (AccessDenied: User: arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: iam:GetUser): its findings were left as they were`,
        ],
      },
    ]);
    expect(shown(backend, 'ORGMFA.1', 'jack')).toBe('FAILED/ACTIVE');
    expect(shown(backend, 'ORGMFA.1', 'alice')).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a failing user moved to another path (UpdateUser NewPath) whose fresh read is denied THEN the findings on its old ARN are left as they were, never resolved as a user gone', async () => {
    const denied: { accountId: string; operation: string; userName: string }[] = [];
    const { clock, backend, prod } = setUp(complianceOrg(), '2026-11-21T09:00:00Z', { accessDenied: denied });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const before = stored(backend, PROD).filter((f) => f.Resources[0]!.Id.endsWith(':user/dave'));
    expect(before.map((f) => `${f.Compliance.Status}/${f.RecordState}`)).toContain('FAILED/ACTIVE');
    prod.iam.users.find((u) => u.userName === 'dave')!.path = '/protected/';
    denied.push({ accountId: PROD, operation: 'GetUser', userName: 'dave' });
    // The report IAM reuses is still the one from before the move.
    clock.set(new Date('2026-11-21T09:30:00Z'));

    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    const after = stored(backend, PROD).filter((f) => f.Resources[0]!.Id.endsWith(':user/dave'));
    expect(after.map((f) => [f.Id, `${f.Compliance.Status}/${f.RecordState}`])).toEqual(
      before.map((f) => [f.Id, `${f.Compliance.Status}/${f.RecordState}`]),
    );
    expect(report.accounts.warnings.find((w) => w.accountId === PROD)?.warnings).toContainEqual(
      expect.stringMatching(/was denied for IAM user dave .*: its findings were left as they were$/),
    );
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });
});
