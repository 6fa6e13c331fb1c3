import { OWN_WRITE_MS } from '../../functions/core/compliance/check-findings';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { REFRESH_AFTER_MS } from '../../functions/core/compliance/plan-imports';
import { recordKey } from '../../functions/aws/findings-record';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { readOrganizationFixture, type OrganizationFixture } from '../../local/sim/fixture';
import { credentialReportCsv } from '../../local/sim/iam-credential-report';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD } from '../helpers/compliance-org';
import { recordOf, securityHubDisagreements, stored } from '../helpers/findings-state';
import { projectConfig } from '../helpers/simulated-org';

const NOW = new Date('2026-11-21T09:00:00Z');

function backendFor(fixture: OrganizationFixture = complianceOrg(), faults?: FaultPlan) {
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(fixture, projectConfig(), {
    clock,
    ...(faults === undefined ? {} : { faults }),
  });
  return { clock, backend };
}

/** The finding of `control` whose resource (or subject) ends with `suffix`: "STATUS/RECORDSTATE: description". */
function shown(backend: Backend, accountId: string, control: string, suffix: string) {
  const finding = stored(backend, accountId).find(
    (f) => f.GeneratorId === `orgmfa/${control}` && f.Resources[0]!.Id.endsWith(suffix),
  );
  return finding === undefined
    ? undefined
    : { state: `${finding.Compliance.Status}/${finding.RecordState}`, finding };
}

/** A report object's text, from the hub's state bucket. */
function reportObject(backend: Backend, key: string): string | undefined {
  const hub = backend.sim!.account(backend.settings.hubAccountId)!;
  return hub.s3!.buckets[0]!.objects.find((o) => o.key === key)?.body;
}

describe('ORGMFA.5: root as AWS has it now (GetAccountSummary, one fresh call per account)', () => {
  /** The member account's root as the fixture reader makes it of these optional fields. */
  function rootOf(rootMfaActive: boolean, rootCredentials: Record<string, boolean>) {
    const fixture = complianceOrg();
    const raw = JSON.parse(JSON.stringify(fixture)) as { accounts: Record<string, unknown>[] };
    Object.assign(
      raw.accounts.find((a) => a.id === PROD)!,
      { rootMfaActive, rootCredentials },
    );
    const account = readOrganizationFixture(raw).accounts.find((a) => a.id === PROD)!;
    return { rootMfaActive: account.rootMfaActive, rootCredentials: account.rootCredentials };
  }

  test.each([
    [
      'credentials removed (no password, no keys), no MFA',
      'PASSED/ARCHIVED',
      false,
      { password: false },
      'has no root credentials',
    ],
    ['a password and no MFA', 'FAILED/ACTIVE', false, {}, 'has a password and no MFA device'],
    [
      'access keys only and no MFA',
      'FAILED/ACTIVE',
      false,
      { password: false, accessKeys: true },
      'has access keys and no MFA device',
    ],
    ['MFA', 'PASSED/ARCHIVED', true, {}, 'has an MFA device'],
  ] as const)(
    'GIVEN a member root with %s THEN ORGMFA.5 is %s',
    async (_label, expected, mfa, credentials, detail) => {
      // A PASSED verdict shows only once something was active: the root first has a password, no MFA.
      const { clock, backend } = backendFor();
      const prod = backend.sim!.account(PROD)!;
      prod.rootMfaActive = false;
      await runSweepWorkflow(backend, { sweepId: 'before' });
      expect(shown(backend, PROD, 'ORGMFA.5', PROD)?.state).toBe('FAILED/ACTIVE');

      Object.assign(prod, rootOf(mfa, credentials));
      clock.set(new Date(NOW.getTime() + 60_000));
      const { report } = await runSweepWorkflow(backend, { sweepId: 'after' });

      const finding = shown(backend, PROD, 'ORGMFA.5', PROD)!;
      expect(finding.state).toBe(expected);
      expect(finding.finding.Description).toContain(detail);
      expect(
        report.apiCalls.filter((c) => c.accountId === PROD && c.operation === 'GetAccountSummary'),
      ).toHaveLength(1);
    },
  );

  test('GIVEN a credential report without a <root_account> row THEN ORGMFA.5 is decided from the account summary, never read as "no MFA"', async () => {
    const { backend } = backendFor();
    const prod = backend.sim!.account(PROD)!;
    const csv = credentialReportCsv(prod)
      .split('\n')
      .filter((line) => !line.startsWith('<root_account>'))
      .join('\n');
    prod.iam.credentialReport = { generatedTime: NOW.toISOString(), content: csv, state: 'COMPLETE' };

    await runSweepWorkflow(backend, { sweepId: 'no-root-row' });

    expect(shown(backend, PROD, 'ORGMFA.5', PROD)).toBeUndefined(); // root has MFA: nothing to report
    expect(shown(backend, MGMT, 'ORGMFA.5', MGMT)?.state).toBe('FAILED/ACTIVE'); // the other account's root
  });

  test('GIVEN an account summary that does not state AccountMFAEnabled THEN ORGMFA.5 is left as it was, with a warning', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, MGMT, 'ORGMFA.5', MGMT)?.state).toBe('FAILED/ACTIVE');

    backend.sim!.account(MGMT)!.iam.accountSummary = { AccountMFAEnabled: null };
    clock.set(new Date(NOW.getTime() + 60_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(shown(backend, MGMT, 'ORGMFA.5', MGMT)?.state).toBe('FAILED/ACTIVE');
    expect(report.accounts.warnings).toEqual([
      {
        accountId: MGMT,
        warnings: ["ORGMFA.5 not decided: IAM's account summary does not state AccountMFAEnabled"],
      },
    ]);
  });
});

describe('fallbacks when the member role may not read (a member stack older than the hub, an SCP)', () => {
  test('GIVEN iam:GetAccountSummary denied THEN ORGMFA.5 is left as it was, with one warning that says the call was denied', async () => {
    const denied: { accountId: string; operation: string }[] = [];
    const { clock, backend } = backendFor(complianceOrg(), { accessDenied: denied });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const before = shown(backend, MGMT, 'ORGMFA.5', MGMT)!.finding.UpdatedAt;

    denied.push({ accountId: MGMT, operation: 'GetAccountSummary' });
    clock.set(new Date(NOW.getTime() + 60_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.accounts.failed).not.toContainEqual(expect.objectContaining({ accountId: MGMT }));
    expect(report.accounts.warnings).toEqual([
      {
        accountId: MGMT,
        warnings: [
          `iam:GetAccountSummary was denied (User: arn:aws:sts::${MGMT}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: iam:GetAccountSummary): is the member stack up to date?`,
        ],
      },
    ]);
    const after = shown(backend, MGMT, 'ORGMFA.5', MGMT)!;
    expect(`${after.state} ${after.finding.UpdatedAt}`).toBe(`FAILED/ACTIVE ${before}`);
    expect(await securityHubDisagreements(backend, MGMT)).toEqual([]);
  });

  test('GIVEN securityhub:GetFindings (the read-back) denied THEN the findings are still imported, and a warning says tampering was not checked', async () => {
    const { backend } = backendFor(complianceOrg(), {
      accessDenied: [{ accountId: PROD, service: 'securityhub', operation: 'GetFindings' }],
    });

    const { report } = await runSweepWorkflow(backend, { sweepId: 'no-read-back' });

    expect(report.accounts.warnings).toEqual([
      {
        accountId: PROD,
        warnings: [
          `orgmfa's findings could not be read back (AccessDeniedException: User: arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: securityhub:GetFindings): tampering not checked`,
        ],
      },
    ]);
    expect(report.findings.tampered).toBe(0);
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
    const rows = reportObject(backend, `reports/sweep=no-read-back/format=csv/${PROD}.csv`)!;
    expect(rows).toContain("orgmfa's findings could not be read back");
  });
});

describe('FIDO security keys and passkeys', () => {
  const fido = (user: string, n = 1) => `arn:aws:iam::${PROD}:u2f/user/${user}/fidosecuritykey-${n}`;

  test('GIVEN FIDO-only users with and without access keys, and users with several devices THEN console MFA counts, keys need TOTP, and only the FIDO candidates with keys cost a call', async () => {
    const fixture = complianceOrg();
    const prod = fixture.accounts.find((a) => a.id === PROD)!;
    prod.iam.users.push(
      {
        userName: 'fay',
        path: '/',
        consolePassword: true,
        accessKeys: [],
        tags: {},
        mfaDevices: [fido('fay')],
      },
      {
        userName: 'finn',
        path: '/',
        consolePassword: true,
        accessKeys: [{ active: true }],
        tags: {},
        mfaDevices: [fido('finn', 1), fido('finn', 2)],
      },
      {
        userName: 'hal',
        path: '/',
        consolePassword: false,
        accessKeys: [{ active: true }],
        tags: {},
        mfaDevices: [fido('hal'), 'GAHT12345678'],
      },
      {
        userName: 'vic',
        path: '/',
        consolePassword: true,
        accessKeys: [{ active: true }],
        tags: {},
        mfaDevices: [fido('vic')],
      },
    );
    prod.iam.virtualMfaDevices.push({ name: 'vic', path: '/', assignedTo: 'vic' });
    const { backend } = backendFor(fixture);

    const { report } = await runSweepWorkflow(backend, { sweepId: 'fido' });

    expect(shown(backend, PROD, 'ORGMFA.1', '/fay')).toBeUndefined();
    expect(shown(backend, PROD, 'ORGMFA.2', '/fay')).toBeUndefined();
    expect(shown(backend, PROD, 'ORGMFA.1', '/finn')).toBeUndefined();
    const finn = shown(backend, PROD, 'ORGMFA.2', '/finn')!;
    expect(finn.state).toBe('FAILED/ACTIVE');
    expect(finn.finding.Description).toContain(
      'IAM user finn has 1 active access key, and only FIDO security keys or passkeys as MFA: they protect console sign-in but cannot be used with access keys',
    );
    expect(shown(backend, PROD, 'ORGMFA.2', '/hal')).toBeUndefined(); // a hardware TOTP token among them
    expect(shown(backend, PROD, 'ORGMFA.2', '/vic')).toBeUndefined(); // a virtual device among them
    // ListMFADevices only for finn and hal: FIDO-or-hardware MFA and an active key (vic has a virtual device).
    const listed = report.apiCalls.filter((c) => c.accountId === PROD && c.operation === 'ListMFADevices');
    expect(listed).toHaveLength(2);
  });
});

describe('exemptions are never failures', () => {
  test('GIVEN exemptions in force, expired and with a malformed date THEN Security Hub, the report and the counts say EXEMPT only for the one in force', async () => {
    const fixture = complianceOrg();
    fixture.accounts
      .find((a) => a.id === PROD)!
      .iam.users.push({
        userName: 'mal',
        path: '/',
        consolePassword: true,
        accessKeys: [],
        tags: { 'orgmfa:exempt': 'typo', 'orgmfa:exempt-until': '2026-13-01' },
      });
    const { backend } = backendFor(fixture);

    const { report } = await runSweepWorkflow(backend, { sweepId: 'exempt' });

    expect(shown(backend, PROD, 'ORGMFA.6', '/erin')?.state).toBe('WARNING/ACTIVE'); // in force
    expect(shown(backend, PROD, 'ORGMFA.1', '/erin')).toBeUndefined();
    expect(shown(backend, PROD, 'ORGMFA.6', '/frank')).toBeUndefined(); // expired
    expect(shown(backend, PROD, 'ORGMFA.1', '/frank')?.finding.Description).toContain(
      'Its MFA exemption ended on 2026-01-31.',
    );
    expect(shown(backend, PROD, 'ORGMFA.6', '/mal')).toBeUndefined(); // malformed date
    expect(shown(backend, PROD, 'ORGMFA.1', '/mal')?.finding.Description).toContain(
      'Its MFA exemption does not apply: the orgmfa:exempt-until tag "2026-13-01" is not a date',
    );
    expect(report.findings).toMatchObject({ exempt: 1 });
    const csv = reportObject(backend, `reports/sweep=exempt/format=csv/${PROD}.csv`)!.split('\n');
    expect(csv.filter((row) => row.includes(',ORGMFA.6,'))).toEqual([
      expect.stringMatching(new RegExp(`^${PROD},arn:aws:iam::${PROD}:user/erin,ORGMFA.6,EXEMPT,`)),
    ]);
    const record = await recordOf(backend, PROD);
    expect(record.filter((r) => r.control === 'ORGMFA.6').map((r) => r.status)).toEqual(['EXEMPT']);
  });
});

describe('one bad thing never fails a whole account', () => {
  test('GIVEN a credential report with a quoted, comma-bearing path and a malformed row THEN the other rows are evaluated and the skip is a warning', async () => {
    const fixture = complianceOrg();
    const prod = fixture.accounts.find((a) => a.id === PROD)!;
    prod.iam.users.push({
      userName: 'quinn',
      path: '/a,"b/',
      consolePassword: true,
      accessKeys: [],
      tags: {},
    });
    const { backend } = backendFor(fixture);
    const account = backend.sim!.account(PROD)!;
    const csv = `${credentialReportCsv(account)}\nbroken,row,with,too,few,fields`;
    account.iam.credentialReport = { generatedTime: NOW.toISOString(), content: csv, state: 'COMPLETE' };

    const { report } = await runSweepWorkflow(backend, { sweepId: 'robust' });

    expect(shown(backend, PROD, 'ORGMFA.1', '/quinn')?.state).toBe('FAILED/ACTIVE');
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    const lines = csv.split('\n').length;
    expect(report.accounts.warnings).toEqual([
      {
        accountId: PROD,
        warnings: [
          `credential report line ${lines} skipped (its user was not evaluated): it has 6 fields, the header 22`,
        ],
      },
    ]);
    const rows = reportObject(backend, `reports/sweep=robust/format=csv/${PROD}.csv`)!;
    expect(rows).toContain(
      `${PROD},AWS::::Account:${PROD},,WARNING,,"credential report line ${lines} skipped`,
    );
  });

  test('GIVEN ListMFADevices denied for one user (an SCP on its path) THEN that user’s findings are left untouched, with a warning naming the user and the call, and the other users are evaluated', async () => {
    const fido = (user: string) => `arn:aws:iam::${PROD}:u2f/user/${user}/fidosecuritykey-1`;
    const fixture = complianceOrg();
    fixture.accounts
      .find((a) => a.id === PROD)!
      .iam.users.push(
        // FIDO only, with an access key: ORGMFA.2 fails; whose kind only ListMFADevices tells.
        {
          userName: 'finn',
          path: '/',
          consolePassword: true,
          accessKeys: [{ active: true }],
          tags: {},
          mfaDevices: [fido('finn')],
        },
        {
          userName: 'hal',
          path: '/',
          consolePassword: false,
          accessKeys: [{ active: true }],
          tags: {},
          mfaDevices: [fido('hal'), 'GAHT12345678'],
        },
      );
    const denied: { accountId: string; operation: string; userName: string }[] = [];
    const { clock, backend } = backendFor(fixture, { accessDenied: denied });
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const before = shown(backend, PROD, 'ORGMFA.2', '/finn')!.finding;
    expect(shown(backend, PROD, 'ORGMFA.2', '/hal')).toBeUndefined();

    // finn adds a hardware token (fixed, but nobody may read it now); hal loses his (now failing).
    const users = backend.sim!.account(PROD)!.iam.users;
    users.find((u) => u.userName === 'finn')!.mfaDevices!.push('GAHT00000001');
    users.find((u) => u.userName === 'hal')!.mfaDevices!.splice(1, 1);
    denied.push({ accountId: PROD, operation: 'ListMFADevices', userName: 'finn' });
    clock.set(new Date(NOW.getTime() + 3600_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.accounts.failed).not.toContainEqual(expect.objectContaining({ accountId: PROD }));
    expect(report.accounts.warnings).toEqual([
      {
        accountId: PROD,
        warnings: [
          `iam:ListMFADevices was denied for IAM user finn (AccessDenied: User: arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: iam:ListMFADevices): its findings were left as they were`,
        ],
      },
    ]);
    const after = shown(backend, PROD, 'ORGMFA.2', '/finn')!.finding;
    expect(`${after.Compliance.Status}/${after.RecordState} ${after.UpdatedAt}`).toBe(
      `FAILED/ACTIVE ${before.UpdatedAt}`,
    );
    expect(shown(backend, PROD, 'ORGMFA.2', '/hal')?.state).toBe('FAILED/ACTIVE');
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN one import batch of several refused THEN the other batches are imported, the record holds exactly what Security Hub does, and the next sweep retries', async () => {
    const fixture = complianceOrg();
    fixture.accounts
      .find((a) => a.id === PROD)!
      .iam.users.push(
        ...Array.from({ length: 150 }, (_, i) => ({
          userName: `u${i}`,
          path: '/',
          consolePassword: true,
          accessKeys: [],
          tags: {},
        })),
      );
    const { clock, backend } = backendFor(fixture, {
      refuseNth: [{ accountId: PROD, service: 'securityhub', operation: 'BatchImportFindings', nth: 2 }],
    });

    const first = await runSweepWorkflow(backend, { sweepId: 'batch' });

    const warnings = first.report.accounts.warnings.find((w) => w.accountId === PROD)!.warnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^Security Hub refused batch 2 of 2 \(\d+ findings\): AccessDeniedException: /),
    ]);
    expect(stored(backend, PROD).length).toBe(100);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);

    clock.set(new Date(NOW.getTime() + 60_000));
    const second = await runSweepWorkflow(backend, { sweepId: 'batch-again' });

    expect(second.report.accounts.warnings).toEqual([]);
    // alice, dave, erin's exemption, frank, gina's seed and the 150 users: all in Security Hub now
    // (the first sweep's imports count the management account's ORGMFA.5 too).
    expect(first.report.findings.imported).toBe(100 + 1);
    expect(second.report.findings.imported).toBe(55);
    expect(stored(backend, PROD).filter((f) => f.RecordState === 'ACTIVE')).toHaveLength(155);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN an account without Security Hub CSPM THEN it is evaluated and reported, and said plainly, not failed', async () => {
    const { backend } = backendFor();

    const { report } = await runSweepWorkflow(backend, { sweepId: 'no-hub' });

    expect(report.accounts.securityHubNotEnabled).toEqual([NO_SECURITY_HUB]);
    expect(report.accounts.failed).not.toContainEqual(
      expect.objectContaining({ accountId: NO_SECURITY_HUB }),
    );
    const rows = reportObject(backend, `reports/sweep=no-hub/format=csv/${NO_SECURITY_HUB}.csv`)!;
    expect(rows).toContain(`${NO_SECURITY_HUB},arn:aws:iam::${NO_SECURITY_HUB}:user/henry,ORGMFA.1,FAILED,`);
    expect(rows).toContain(
      'Security Hub CSPM is not enabled in account 555555555555 in us-east-1: its findings were not imported',
    );
    expect(await recordOf(backend, NO_SECURITY_HUB)).toEqual([]);
  });
});

describe('tampering: a member account hiding its own findings', () => {
  /** What a principal of the member account (an administrator there) imports over orgmfa's finding. */
  async function reimportAsMember(backend: Backend, id: string, updatedAt: string) {
    const original = stored(backend, PROD).find((f) => f.Id === id)!;
    const {
      Workflow: _w,
      WorkflowState: _s,
      ProcessedAt: _p,
      ...rest
    } = original as unknown as Record<string, unknown>;
    const securityHub = backend.clients.securityHub({
      accountId: PROD,
      credentials: backend.sim!.issueUserCredentials(PROD, 'mallory'),
    });
    await securityHub.send(
      new BatchImportFindingsCommand({
        Findings: [
          { ...rest, UpdatedAt: updatedAt, Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' },
        ] as unknown as AwsSecurityFinding[],
      }),
    );
  }

  test('GIVEN a finding re-imported by the member as PASSED/ARCHIVED with an UpdatedAt far in the future THEN the next sweep reports it: summary, report line, metric', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const alice = shown(backend, PROD, 'ORGMFA.1', '/alice')!.finding;
    clock.set(new Date(NOW.getTime() + 3600_000));
    await reimportAsMember(backend, alice.Id, '2099-01-01T00:00:00.000Z');
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('PASSED/ARCHIVED');

    clock.set(new Date(NOW.getTime() + 2 * 3600_000));
    const { report, metrics } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(1);
    expect(report.tampering).toEqual([
      {
        accountId: PROD,
        findings: 1,
        details: [
          `ORGMFA.1 arn:aws:iam::${PROD}:user/alice: Security Hub shows PASSED/ARCHIVED updated at 2099-01-01T00:00:00.000Z, orgmfa imported FAILED/ACTIVE at ${alice.UpdatedAt}: an UpdatedAt in the future, so later imports are ignored`,
        ],
      },
    ]);
    expect(metrics.counts.SweepFindingsTampered).toBe(1);
    const rows = reportObject(backend, `reports/sweep=s2/format=csv/${PROD}.csv`)!;
    expect(rows).toContain(`${PROD},arn:aws:iam::${PROD}:user/alice,ORGMFA.1,TAMPERED,,`);
    // The record keeps orgmfa's verdict: the alarm goes on for as long as the finding stays hidden.
    expect((await recordOf(backend, PROD)).find((r) => r.id === alice.Id)?.status).toBe('FAILED');
  });

  test('GIVEN a failing finding a member set SUPPRESSED (BatchUpdateFindings) THEN the next sweep warns, naming it, and nothing else changes', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    // What BatchUpdateFindings with Workflow.Status SUPPRESSED leaves in Security Hub (not simulated as a call).
    const alice = stored(backend, PROD).find(
      (f) => f.GeneratorId === 'orgmfa/ORGMFA.1' && f.Resources[0]!.Id.endsWith('/alice'),
    )! as unknown as { Workflow: { Status: string }; UpdatedAt: string };
    alice.Workflow = { Status: 'SUPPRESSED' };
    const updatedAt = alice.UpdatedAt;
    clock.set(new Date(NOW.getTime() + 3600_000));

    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    const warnings = report.accounts.warnings.find((w) => w.accountId === PROD)?.warnings ?? [];
    expect(warnings).toEqual([
      `ORGMFA.1 arn:aws:iam::${PROD}:user/alice: failing, but SUPPRESSED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which no longer updates a suppressed finding: review the suppression`,
    ]);
    expect(report.findings.tampered).toBe(0);
    expect([alice.Workflow.Status, alice.UpdatedAt]).toEqual(['SUPPRESSED', updatedAt]);
  });

  test('GIVEN a finding re-imported as PASSED with a present-day UpdatedAt THEN it is reported and restored', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const alice = shown(backend, PROD, 'ORGMFA.1', '/alice')!.finding;
    clock.set(new Date(NOW.getTime() + 3600_000));
    await reimportAsMember(backend, alice.Id, clock.now().toISOString());

    clock.set(new Date(NOW.getTime() + 2 * 3600_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(1);
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a member re-importing orgmfa’s finding as PASSED/ARCHIVED a second after the event path re-imported it THEN the sweep ten minutes later reports it and restores it', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const prod = backend.sim!.account(PROD)!;
    // Ten minutes before the next sweep (whose credential report is new: older than four hours) an
    // administrator gives dave a second key: the event path re-imports his ORGMFA.2.
    clock.set(new Date(NOW.getTime() + 4 * 3600_000 + 50 * 60_000));
    prod.iam.users.find((u) => u.userName === 'dave')!.accessKeys.push({ active: true });
    await runEventWorkflow(
      backend,
      cloudTrailEvent({
        accountId: PROD,
        userName: 'admin',
        eventName: 'CreateAccessKey',
        requestParameters: { userName: 'dave' },
        time: clock.now(),
      }),
    );
    const dave = shown(backend, PROD, 'ORGMFA.2', '/dave')!.finding;
    expect((await recordOf(backend, PROD)).find((r) => r.id === dave.Id)?.updatedAt).toBe(
      clock.now().toISOString(),
    );
    await reimportAsMember(backend, dave.Id, new Date(clock.now().getTime() + 1000).toISOString());
    expect(shown(backend, PROD, 'ORGMFA.2', '/dave')?.state).toBe('PASSED/ARCHIVED');

    clock.set(new Date(NOW.getTime() + 5 * 3600_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(1);
    expect(report.tampering[0]?.details).toEqual([
      expect.stringMatching(/^ORGMFA\.2 arn:aws:iam::\d+:user\/dave: Security Hub shows PASSED\/ARCHIVED/),
    ]);
    expect(shown(backend, PROD, 'ORGMFA.2', '/dave')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN Security Hub showing a write of 20 seconds ago that the record does not (the event path may be between its import and its record write) THEN the sweep waits until that write must have landed, reads the record again, and only then compares', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const alice = shown(backend, PROD, 'ORGMFA.1', '/alice')!.finding;
    const sweepAt = new Date(NOW.getTime() + 2 * 3600_000);
    await reimportAsMember(backend, alice.Id, new Date(sweepAt.getTime() - 20_000).toISOString());
    clock.set(sweepAt);

    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(clock.now().getTime()).toBeGreaterThanOrEqual(sweepAt.getTime() - 20_000 + OWN_WRITE_MS);
    // Nobody wrote the record meanwhile: a member's import after all, reported and restored.
    expect(report.findings.tampered).toBe(1);
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN findings orgmfa itself imported moments ago THEN they are not mistaken for tampering', async () => {
    const { backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });

    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(0);
    expect(report.apiCalls.filter((c) => c.accountId === PROD && c.operation === 'GetFindings')).toHaveLength(
      1,
    );
  });
});

describe('Security Hub CSPM keeps what orgmfa imported', () => {
  test('GIVEN an active finding unchanged for longer than the refresh interval THEN it is re-imported before Security Hub’s 90 days run out', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const before = shown(backend, PROD, 'ORGMFA.2', '/dave')!.finding.UpdatedAt;

    clock.set(new Date(NOW.getTime() + REFRESH_AFTER_MS + 3600_000));
    await runSweepWorkflow(backend, { sweepId: 'a-month-later' });

    const after = shown(backend, PROD, 'ORGMFA.2', '/dave')!.finding;
    expect(after.UpdatedAt > before).toBe(true);
    expect(after.CreatedAt).toBe(shown(backend, PROD, 'ORGMFA.2', '/dave')!.finding.CreatedAt);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN Security Hub lost orgmfa’s findings (disabled and re-enabled) THEN the next sweep reports and restores them', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const count = stored(backend, PROD).length;
    backend.sim!.account(PROD)!.securityHub!.findings = [];

    clock.set(new Date(NOW.getTime() + 3600_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(count);
    expect(stored(backend, PROD)).toHaveLength(count);
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN a user resolved long ago whom an event re-evaluates every day (key rotation) WHEN Security Hub deletes the archived finding after 30 days THEN the next sweep reports no tampering, raises no alarm, re-creates nothing, and record and Security Hub agree', async () => {
    const DAY_MS = 86_400_000;
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    const prod = backend.sim!.account(PROD)!;
    prod.iam.users.find((u) => u.userName === 'dave')!.accessKeys = [];
    for (let day = 0; day <= 30; day++) {
      const time = new Date(NOW.getTime() + 3600_000 + day * DAY_MS);
      clock.set(time);
      await runEventWorkflow(
        backend,
        cloudTrailEvent({
          accountId: PROD,
          userName: 'admin',
          eventName: 'DeleteAccessKey',
          requestParameters: { userName: 'dave', accessKeyId: 'AKIAEXAMPLE' },
          time,
        }),
      );
      if (day === 0) expect(shown(backend, PROD, 'ORGMFA.2', '/dave')?.state).toBe('PASSED/ARCHIVED');
    }

    clock.set(new Date(NOW.getTime() + 31 * DAY_MS + 2 * 3600_000));
    const { report, metrics } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(0);
    expect(report.tampering).toEqual([]);
    expect(metrics.counts.SweepFindingsTampered).toBe(0);
    // Security Hub CSPM deleted the archived finding (30 days after its last update), and nothing re-created it.
    expect(shown(backend, PROD, 'ORGMFA.2', '/dave')).toBeUndefined();
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });

  test('GIVEN orgmfa’s record of an account lost (an import whose record write never landed) THEN the next sweep repairs: ACTIVE findings it does not know are resolved or adopted, reported as repaired and not as tampering', async () => {
    const { clock, backend } = backendFor();
    await runSweepWorkflow(backend, { sweepId: 's1' });
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('FAILED/ACTIVE');
    const hub = backend.sim!.account(backend.settings.hubAccountId)!.s3!.buckets[0]!;
    hub.objects = hub.objects.filter((o) => o.key !== recordKey(PROD));
    expect(await recordOf(backend, PROD)).toEqual([]);
    // Meanwhile alice assigns her virtual device (fixed); dave still has a key and no MFA.
    const prod = backend.sim!.account(PROD)!;
    prod.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = 'alice';

    clock.set(new Date(NOW.getTime() + 3600_000));
    const { report, metrics } = await runSweepWorkflow(backend, { sweepId: 's2' });

    expect(report.findings.tampered).toBe(0);
    expect(metrics.counts.SweepFindingsTampered).toBe(0);
    expect(shown(backend, PROD, 'ORGMFA.1', '/alice')?.state).toBe('PASSED/ARCHIVED');
    expect(shown(backend, PROD, 'ORGMFA.2', '/dave')?.state).toBe('FAILED/ACTIVE');
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
    const warnings = report.accounts.warnings.find((w) => w.accountId === PROD)!.warnings;
    expect(warnings).toEqual(
      expect.arrayContaining([
        `ORGMFA.1 arn:aws:iam::${PROD}:user/alice: ACTIVE in Security Hub but not in orgmfa's record (an import whose record write was lost): repaired, resolved`,
        `ORGMFA.2 arn:aws:iam::${PROD}:user/dave: ACTIVE in Security Hub but not in orgmfa's record (an import whose record write was lost): repaired, adopted as FAILED`,
        `ORGMFA.6 arn:aws:iam::${PROD}:user/erin: ACTIVE in Security Hub but not in orgmfa's record (an import whose record write was lost): repaired, adopted as EXEMPT`,
      ]),
    );

    clock.set(new Date(NOW.getTime() + 2 * 3600_000));
    const third = await runSweepWorkflow(backend, { sweepId: 's3' });
    expect(third.report.accounts.warnings.find((w) => w.accountId === PROD)).toBeUndefined();
    expect(await securityHubDisagreements(backend, PROD)).toEqual([]);
  });
});
