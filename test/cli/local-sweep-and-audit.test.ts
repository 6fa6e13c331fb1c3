import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SdkClient } from '../../functions/aws/clients';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { complianceOrg, MGMT, PROD, SANDBOX } from '../helpers/compliance-org';
import { simulatedOrg } from '../helpers/simulated-org';
import { orgmfa } from './helpers/cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'orgmfa-sweep-cli-'));

describe('orgmfa local sweep', () => {
  test('--json prints the documented summary, and --state-out holds the findings as Security Hub stores them', async () => {
    const org = join(dir, 'org.json');
    const out = join(dir, 'after.json');
    writeFileSync(org, JSON.stringify(complianceOrg()));

    const run = await orgmfa(['local', 'sweep', '--org', org, '--state-out', out, '--json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['status', 'accounts', 'findings', 'stateTransitions', 'apiCalls']),
    );
    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts.total).toBe(5);
    expect(report.accounts.failed.map((f: { accountId: string }) => f.accountId)).toContain(SANDBOX);
    expect(report.findings).toEqual({ imported: 6, resolved: 0, active: 6 });
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
  });
});

describe('orgmfa audit (read-only, the sweep’s evaluation code)', () => {
  function setUp() {
    const org = simulatedOrg(complianceOrg());
    const keys = org.sim.issueSession(MGMT, 'orgmfa-sweep-account', 'operator');
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = keys.sessionToken;
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        orgmfa: {
          organizationId: 'o-a1b2c3d4e5',
          managementAccountId: MGMT,
          hubRegion: 'us-east-1',
          targetOrganizationalUnitIds: ['r-a1b2'],
        },
      }),
    );
    return { org, config, decorateClient: (client: SdkClient) => attachSimulatedAws(org.sim, client) };
  }
  afterEach(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
  });

  test('--output json lists every account with its failing controls, changes nothing, and lists unreadable accounts', async () => {
    const { org, config, decorateClient } = setUp();
    // Generating a credential report is the one change an audit makes: IAM keeps the report.
    const withoutReports = () =>
      JSON.stringify(org.sim.state, (key, value: unknown) =>
        key === 'credentialReport' ? undefined : value,
      );
    const before = withoutReports();

    const run = await orgmfa(['audit', '--config', config, '--output', 'json', '--region', 'us-east-1'], {
      decorateClient,
    });

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({
      accountsAudited: 3,
      accountsFailed: 2,
      usersEvaluated: 8,
      failingByControl: {
        'ORGMFA.1': 3,
        'ORGMFA.2': 1,
        'ORGMFA.3': 1,
        'ORGMFA.4': 1,
        'ORGMFA.5': 1,
        'ORGMFA.6': 1,
      },
    });
    expect(report.accounts.find((a: { accountId: string }) => a.accountId === SANDBOX)).toEqual({
      accountId: SANDBOX,
      status: 'FAILED',
      reason: expect.stringContaining('cannot assume OrgMfaMemberRole in 333333333333'),
    });
    expect(withoutReports()).toBe(before);
    const mutating = org.sim.calls.filter((c) =>
      /^(Delete|Tag|Put|BatchImport|Create|Enable|Deactivate)/.test(c.operation),
    );
    expect(mutating.map((c) => c.operation)).toEqual([]);
  });

  test('--output csv and --fail-on-findings: one row per failing control, exit 1', async () => {
    const { config, decorateClient } = setUp();

    const run = await orgmfa(
      [
        'audit',
        '--config',
        config,
        '--accounts',
        PROD,
        '--output',
        'csv',
        '--fail-on-findings',
        '--region',
        'us-east-1',
      ],
      { decorateClient },
    );

    expect(run.code).toBe(1);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toBe('account,resource,control,status,detail');
    expect(
      rows.filter((r) => r.startsWith(`${PROD},arn:aws:iam::${PROD}:user/dave,ORGMFA.2,FAILED,`)),
    ).toHaveLength(1);
    expect(run.stderr).toBe('orgmfa: the audit found failing controls (--fail-on-findings)\n');
  });

  test('a bad --accounts list is refused before anything runs', async () => {
    const { config, decorateClient } = setUp();
    const run = await orgmfa(['audit', '--config', config, '--accounts', '1234,abc'], { decorateClient });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'orgmfa: --accounts takes 12-digit account ids separated by commas, got "1234,abc"\n',
    );
  });
});
