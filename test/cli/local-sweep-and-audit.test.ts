import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SdkClient } from '../../functions/aws/clients';
import { readOrganizationFixture, type OrganizationFixture } from '../../local/sim/fixture';
import {
  complianceOrg,
  MGMT,
  NO_SECURITY_HUB,
  PROD,
  SANDBOX,
  SUSPENDED,
  complianceOrgWithQuotedPath,
} from '../helpers/compliance-org';
import { FIXTURES } from '../helpers/simulated-org';
import { orgmfa } from './helpers/cli-harness';
import { endOperatorSession, operatorSession } from './helpers/operator-session';

const dir = mkdtempSync(join(tmpdir(), 'orgmfa-sweep-cli-'));

/** A configuration file (cdk.json context shape) for organization `organizationId`. */
function configFile(name: string, organizationId: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      orgmfa: {
        organizationId,
        managementAccountId: MGMT,
        hubRegion: 'us-east-1',
        targetOrganizationalUnitIds: ['r-a1b2'],
      },
    }),
  );
  return path;
}

/** The example configuration's organization (the project's cdk.json), not the simulated one. */
const EXAMPLE_ORG = 'o-exampleorg1';

/** `fixture` as a file for --org. */
function orgFile(name: string, fixture: OrganizationFixture): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(fixture));
  return path;
}

afterEach(endOperatorSession);

describe('orgmfa local sweep', () => {
  test('--json prints the documented summary, and --state-out holds the findings as Security Hub stores them', async () => {
    const org = orgFile('org.json', complianceOrg(new Date()));
    const out = join(dir, 'after.json');

    const run = await orgmfa(['local', 'sweep', '--org', org, '--state-out', out, '--json']);

    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['status', 'accounts', 'findings', 'tampering', 'stateTransitions', 'apiCalls']),
    );
    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts.total).toBe(5);
    expect(report.accounts.failed.map((f: { accountId: string }) => f.accountId)).toEqual([SANDBOX]);
    // Listed, not swept: not ACTIVE.
    expect(report.accounts.skipped).toEqual([
      { accountId: SUSPENDED, reason: `account ${SUSPENDED} is SUSPENDED, not ACTIVE` },
    ]);
    expect(report.accounts.securityHubNotEnabled).toEqual([NO_SECURITY_HUB]);
    expect(report.findings).toEqual({ imported: 6, resolved: 0, active: 6, exempt: 1, tampered: 0 });
    const state = readOrganizationFixture(JSON.parse(readFileSync(out, 'utf8')));
    const stored = state.accounts.find((a) => a.id === PROD)!.securityHub!.findings as Record<
      string,
      unknown
    >[];
    for (const finding of stored) {
      expect(finding).toEqual(
        expect.objectContaining({
          Id: expect.stringMatching(/^orgmfa\/222222222222\/ORGMFA\.\d\//),
          ProductArn: `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default`,
          AwsAccountId: PROD,
          GeneratorId: expect.stringMatching(/^orgmfa\/ORGMFA\.\d$/),
          Compliance: { Status: expect.stringMatching(/^(FAILED|WARNING)$/) },
          RecordState: 'ACTIVE',
          Resources: expect.any(Array),
          UpdatedAt: expect.any(String),
        }),
      );
    }
    // One account not swept (the suspended one is skipped, not a failure) and one without Security Hub
    // CSPM: printed, and exit 3 with one line.
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'orgmfa: incomplete: 1 account(s) not assessed (333333333333); Security Hub CSPM not enabled in 1 account(s) (555555555555): findings not imported\n',
    );
  });

  test('the text output says plainly, per account, that Security Hub CSPM is not enabled', async () => {
    const run = await orgmfa([
      'local',
      'sweep',
      '--org',
      orgFile('org-text.json', complianceOrg(new Date())),
    ]);

    expect(run.stdout).toContain(
      '  warning in 555555555555 (legacy): Security Hub CSPM is not enabled in account 555555555555 in us-east-1: its findings were not imported',
    );
    expect(run.stdout).toContain(
      'findings: 6 new, 0 resolved, 6 active, 1 exempt; orphaned devices deleted: 1',
    );
  });

  test('GIVEN every account swept THEN exit 0', async () => {
    const fixture = complianceOrg(new Date());
    fixture.accounts = fixture.accounts.filter((a) => a.id === MGMT || a.id === PROD);

    const run = await orgmfa(['local', 'sweep', '--org', orgFile('org-ok.json', fixture), '--json']);

    expect([run.code, run.stderr]).toEqual([0, '']);
  });

  test('GIVEN one unreadable account THEN exit 3 naming it', async () => {
    const fixture = complianceOrg(new Date());
    fixture.accounts = fixture.accounts.filter((a) => [MGMT, PROD, SANDBOX].includes(a.id));

    const run = await orgmfa(['local', 'sweep', '--org', orgFile('org-one-bad.json', fixture), '--json']);

    expect(run.code).toBe(3);
    expect(run.stderr).toBe('orgmfa: incomplete: 1 account(s) not assessed (333333333333)\n');
  });

  test('GIVEN zero accounts assessed THEN exit 3: a sweep that covered nothing never passes', async () => {
    const fixture = complianceOrg(new Date());
    for (const account of fixture.accounts) account.memberStack = false;

    const run = await orgmfa(['local', 'sweep', '--org', orgFile('org-none.json', fixture), '--json']);

    expect(run.code).toBe(3);
    // The suspended account is skipped, not counted among those that could not be assessed.
    expect(run.stderr).toMatch(/^orgmfa: incomplete: no account was assessed; 4 account\(s\) not assessed/);
  });

  test('GIVEN accounts assessed but none with Security Hub CSPM THEN the line under the table agrees with it', async () => {
    // three-accounts.json: two accounts assessed, neither with Security Hub CSPM, one without the member stack
    const run = await orgmfa(['local', 'sweep', '--org', join(FIXTURES, 'orgs', 'three-accounts.json')]);

    expect(run.stdout).toContain('Accounts: 3 (2 assessed, 1 not assessed)');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'orgmfa: incomplete: 1 account(s) not assessed (333333333333); Security Hub CSPM not enabled in 2 account(s) (111111111111, 222222222222): findings not imported\n',
    );
  });

  test('--backend aws without --config is refused: the example configuration is never applied to a real organization', async () => {
    const { decorateClient, org } = operatorSession();

    const run = await orgmfa(['local', 'sweep', '--backend', 'aws'], { decorateClient });

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: --backend aws needs --config: the configuration of the organization to run against\n',
    });
    expect(org.sim.calls).toEqual([]);
  });

  test('--backend aws with a --config of the credentials’ organization sweeps it, after checking it with AWS', async () => {
    const fixture = complianceOrg(new Date());
    fixture.accounts = fixture.accounts.filter((a) => a.id === MGMT || a.id === PROD);
    const { decorateClient, org } = operatorSession(fixture);
    const config = configFile('same-org.json', 'o-a1b2c3d4e5');

    const run = await orgmfa(['local', 'sweep', '--backend', 'aws', '--config', config, '--json'], {
      decorateClient,
    });

    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout).accounts).toMatchObject({ total: 2, succeeded: 2, failed: [] });
    expect(org.sim.calls.map((c) => c.operation)).toEqual(
      expect.arrayContaining(['GetCallerIdentity', 'DescribeOrganization']),
    );
  });

  test('--backend aws with a --config of another organization is refused before anything runs: exit 2', async () => {
    const { decorateClient, org } = operatorSession();
    const config = configFile('example.json', EXAMPLE_ORG);

    const run = await orgmfa(['local', 'sweep', '--backend', 'aws', '--config', config], { decorateClient });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `orgmfa: config ${config} names organization ${EXAMPLE_ORG}, but your credentials are in o-a1b2c3d4e5: nothing was run\n`,
    );
    expect(org.sim.calls.map((c) => c.operation)).not.toContain('ListAccounts');
  });

  test('GIVEN the state bucket is missing THEN the workflow FAILED: exit 1 with its error', async () => {
    const fixture = complianceOrg(new Date());
    delete fixture.accounts.find((a) => a.id === MGMT)!.s3;
    const { decorateClient } = operatorSession(fixture, { stateBucket: false });
    const config = configFile('no-bucket.json', 'o-a1b2c3d4e5');

    const run = await orgmfa(['local', 'sweep', '--backend', 'aws', '--config', config, '--json'], {
      decorateClient,
    });

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).status).toBe('FAILED');
    expect(run.stderr).toMatch(/^orgmfa: the sweep workflow FAILED: .*NoSuchBucket/);
  });
});

describe('orgmfa audit (read-only, the sweep’s evaluation code)', () => {
  const audit = (args: string[], decorateClient: (client: SdkClient) => void) =>
    orgmfa(['audit', '--region', 'us-east-1', ...args], { decorateClient });

  test('--output json is one report document: every account (unreadable ones with the reason), failing findings and exemptions apart; nothing changed; exit 3', async () => {
    const { org, decorateClient } = operatorSession();
    // Generating a credential report is the one change an audit makes: IAM keeps the report.
    const withoutReports = () =>
      JSON.stringify(org.sim.state, (key, value: unknown) =>
        key === 'credentialReport' ? undefined : value,
      );
    const before = withoutReports();

    const run = await audit(['--output', 'json'], decorateClient);

    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ format: 'orgmfa-report', version: 1 });
    expect(document.summary.accounts).toEqual({ total: 5, assessed: 3, notAssessed: 2 });
    expect(document.summary.notAssessed).toEqual([
      {
        accountId: SANDBOX,
        accountName: 'sandbox',
        ouPath: null,
        reason: expect.stringContaining('cannot assume OrgMfaMemberRole in 333333333333'),
      },
      {
        accountId: SUSPENDED,
        accountName: 'closing',
        ouPath: null,
        reason: expect.stringContaining('SUSPENDED'),
      },
    ]);
    expect(document.summary.failing.byControl).toEqual({
      'ORGMFA.1': 3,
      'ORGMFA.2': 1,
      'ORGMFA.3': 1,
      'ORGMFA.4': 1,
      'ORGMFA.5': 1,
      'ORGMFA.6': 0,
    });
    expect(document.summary.exemptions.total).toBe(1);
    expect(document.summary.users).toEqual({ evaluated: 8, withMfa: 3 });
    expect(
      document.rows
        .filter((r: { status: string }) => r.status === 'EXEMPT')
        .map((r: { control: string; resource: string }) => `${r.control} ${r.resource}`),
    ).toEqual(['ORGMFA.6 erin']);
    expect(withoutReports()).toBe(before);
    const mutating = org.sim.calls.filter((c) =>
      /^(Delete|Tag|Put|BatchImport|Create|Enable|Deactivate)/.test(c.operation),
    );
    expect(mutating.map((c) => c.operation)).toEqual([]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('orgmfa: incomplete: 2 account(s) not assessed (333333333333, 444444444444)\n');
  });

  test('no --config: the organization comes from AWS, so the audit covers the real one (not the example)', async () => {
    const { decorateClient } = operatorSession();

    const run = await audit(['--accounts', `${MGMT},${PROD}`, '--output', 'json'], decorateClient);

    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout).summary.accounts).toEqual({ total: 2, assessed: 2, notAssessed: 0 });
  });

  test('a --config naming another organization (the example) is refused: exit 2, nothing audited', async () => {
    const { org, decorateClient } = operatorSession();
    const config = configFile('example-audit.json', EXAMPLE_ORG);

    const run = await audit(['--config', config, '--fail-on-findings'], decorateClient);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `orgmfa: config ${config} names organization ${EXAMPLE_ORG}, but your credentials are in o-a1b2c3d4e5: nothing was run\n`,
    });
    expect(org.sim.calls.map((c) => c.operation)).not.toContain('DescribeAccount');
  });

  test('a --config of the same organization is used (its member role name, its compliance settings)', async () => {
    const { decorateClient } = operatorSession();

    const run = await audit(
      ['--config', configFile('same.json', 'o-a1b2c3d4e5'), '--accounts', PROD, '--output', 'json'],
      decorateClient,
    );

    expect(run.code).toBe(0);
  });

  test('GIVEN zero accounts audited THEN exit 3 even without --fail-on-findings', async () => {
    const { decorateClient } = operatorSession();

    const run = await audit(['--accounts', SUSPENDED], decorateClient);

    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'orgmfa: incomplete: no account was assessed; 1 account(s) not assessed (444444444444)\n',
    );
    expect(run.stdout).toContain('No failing findings.');
  });

  test('--fail-on-findings with incomplete coverage exits 3 (incomplete wins over findings)', async () => {
    const { decorateClient } = operatorSession();

    const run = await audit(['--accounts', `${PROD},${SANDBOX}`, '--fail-on-findings'], decorateClient);

    expect(run.code).toBe(3);
  });

  test('GIVEN a user whose path holds ,"b", (two readings of its report row) THEN the audit reports it under its real ARN', async () => {
    const fixture = complianceOrgWithQuotedPath();
    const { decorateClient } = operatorSession(fixture);

    const run = await audit(['--accounts', PROD, '--output', 'json'], decorateClient);

    const document = JSON.parse(run.stdout);
    expect(
      document.rows
        .filter((r: { resource: string }) => r.resource === 'mallory')
        .map((r: { control: string; status: string }) => `${r.control} ${r.status}`)
        .sort(),
    ).toEqual(['ORGMFA.1 FAILED', 'ORGMFA.2 FAILED']);
  });

  test('--fail-on-findings exits 4 on a failing finding the filters show, and 0 when they show none', async () => {
    const { decorateClient } = operatorSession();

    const failing = await audit(
      ['--accounts', PROD, '--output', 'csv', '--fail-on-findings'],
      decorateClient,
    );
    const onlyExemptions = await audit(
      ['--accounts', PROD, '--control', 'ORGMFA.6', '--fail-on-findings'],
      decorateClient,
    );

    expect(failing.code).toBe(4);
    expect(failing.stderr).toBe('orgmfa: the audit found failing controls (--fail-on-findings)\n');
    expect([onlyExemptions.code, onlyExemptions.stderr]).toEqual([0, '']);
  });

  describe('exemptions never fail a run', () => {
    /** An account whose only user is exempt as `tags` say, with a console password and no MFA. */
    function exemptOnly(tags: Record<string, string>) {
      const fixture = complianceOrg(new Date());
      fixture.accounts = fixture.accounts.filter((a) => a.id === MGMT || a.id === PROD);
      fixture.accounts.find((a) => a.id === MGMT)!.rootMfaActive = true;
      const prod = fixture.accounts.find((a) => a.id === PROD)!;
      prod.iam.users = [{ userName: 'erin', path: '/', consolePassword: true, accessKeys: [], tags }];
      prod.iam.virtualMfaDevices = [];
      return operatorSession(fixture);
    }

    test.each([
      ['table', 'no end  222222222222  workloads-prod  erin  break-glass'],
      [
        'json',
        '"status":"EXEMPT","detail":"IAM user erin is exempt from MFA with no end date: \\"break-glass\\".","exemptionReason":"break-glass"',
      ],
      ['csv', `,ORGMFA.6,${PROD},workloads-prod,,erin,AwsIamUser,arn:aws:iam::${PROD}:user/erin,`],
    ])(
      'GIVEN an exemption in force THEN --output %s shows it EXEMPT and --fail-on-findings exits 0',
      async (output, shown) => {
        const { decorateClient } = exemptOnly({ 'orgmfa:exempt': 'break-glass' });

        const run = await audit(['--output', output, '--fail-on-findings'], decorateClient);

        expect([run.code, run.stderr]).toEqual([0, '']);
        expect(run.stdout).toContain(shown);
        expect(run.stdout).not.toMatch(/FAILED/);
        if (output === 'table') expect(run.stdout).toContain('No failing findings.');
      },
    );

    test.each([
      [
        'expired',
        { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': '2020-01-31' },
        'Its MFA exemption ended on 2020-01-31.',
      ],
      [
        'with a malformed date',
        { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': '31/01/2099' },
        'Its MFA exemption does not apply: the orgmfa:exempt-until tag',
      ],
    ])(
      'GIVEN an exemption %s THEN the user fails ORGMFA.1 (exit 4 with --fail-on-findings) and nothing is EXEMPT',
      async (_label, tags, detail) => {
        const { decorateClient } = exemptOnly(tags);

        const json = await audit(['--output', 'json', '--fail-on-findings'], decorateClient);
        const csv = await audit(['--output', 'csv'], decorateClient);
        const table = await audit([], decorateClient);

        expect(json.code).toBe(4);
        const document = JSON.parse(json.stdout);
        expect(document.summary.failing.byControl['ORGMFA.1']).toBe(1);
        expect(document.summary.exemptions.total).toBe(0);
        expect(document.rows[0].detail).toContain(detail);
        expect(csv.stdout).toContain(`HIGH,ORGMFA.1,${PROD},workloads-prod,,erin,`);
        expect(csv.stdout).not.toContain('EXEMPT');
        expect([csv.code, table.code]).toEqual([0, 0]);
        expect(table.stdout).toContain('Failing findings: 1 (HIGH 1)');
        expect(table.stdout).toContain('Exemptions in force: 0');
      },
    );
  });

  test('a bad --accounts list is refused before anything runs', async () => {
    const { decorateClient } = operatorSession();
    const run = await orgmfa(['audit', '--accounts', '1234,abc'], { decorateClient });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'orgmfa: --accounts takes 12-digit account ids separated by commas, got "1234,abc"\n',
    );
  });

  test('a misspelt key in --config is refused with its path and a did-you-mean: exit 2', async () => {
    const { decorateClient } = operatorSession();
    const config = join(dir, 'typo.json');
    writeFileSync(
      config,
      JSON.stringify({
        orgmfa: {
          organizationId: 'o-a1b2c3d4e5',
          managementAccountId: MGMT,
          hubRegion: 'us-east-1',
          targetOrganizationalUnitIds: ['r-a1b2'],
          compliance: { deleteOrphan: false },
        },
      }),
    );

    const run = await orgmfa(['audit', '--config', config], { decorateClient });

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `orgmfa: config ${config}: orgmfa.compliance.deleteOrphan is not a configuration key (did you mean deleteOrphans?)\n`,
    });
  });
});
