import type { SdkClient } from '../../functions/aws/clients';
import { stateBucketName } from '../../functions/core/naming';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { credentialReportCsv } from '../../local/sim/iam-credential-report';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD, SANDBOX, SUSPENDED } from '../helpers/compliance-org';
import { simulatedOrg } from '../helpers/simulated-org';
import { orgmfa } from './helpers/cli-harness';

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * The compliance organization, and in its production account users for every case the guardrail
 * treats apart: FIDO only with and without keys, exemptions without a reason, time-boxed in force, and
 * beyond the horizon (alice, bob, dave, erin, frank and gina come with the fixture).
 */
function guardrailOrg(): OrganizationFixture {
  const fixture = complianceOrg();
  const prod = fixture.accounts.find((account) => account.id === PROD)!;
  const fido = (name: string) => `arn:aws:iam::${PROD}:u2f/user/${name}/security-key-ABCDEF`;
  prod.iam.users.push(
    {
      userName: 'ivy',
      path: '/',
      consolePassword: false,
      accessKeys: [{ active: true }],
      tags: {},
      mfaDevices: [fido('ivy')],
    },
    {
      userName: 'jack',
      path: '/',
      consolePassword: true,
      accessKeys: [],
      tags: {},
      mfaDevices: [fido('jack')],
    },
    { userName: 'kate', path: '/', consolePassword: true, accessKeys: [], tags: { 'orgmfa:exempt': ' ' } },
    {
      userName: 'liam',
      path: '/ci/',
      consolePassword: false,
      accessKeys: [{ active: true }],
      tags: { 'orgmfa:exempt': 'migration job', 'orgmfa:exempt-until': day(10) },
    },
    {
      userName: 'mia',
      path: '/',
      consolePassword: false,
      accessKeys: [{ active: true }],
      tags: { 'orgmfa:exempt': 'vendor', 'orgmfa:exempt-until': day(430) },
    },
  );
  return fixture;
}

/** The simulated organization, with the management account's credentials in the environment. */
function operatorSession(fixture: OrganizationFixture = guardrailOrg()) {
  const org = simulatedOrg(fixture, { deployedBuckets: [{ name: stateBucketName(MGMT), accountId: MGMT }] });
  for (const account of org.sim.state.accounts) {
    account.iam.credentialReport = {
      generatedTime: new Date().toISOString(),
      content: credentialReportCsv(account),
      state: 'COMPLETE',
    };
  }
  const keys = org.sim.issueSession(MGMT, 'orgmfa-sweep-account', 'operator');
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = keys.sessionToken;
  process.env.AWS_REGION = 'us-east-1';
  return { org, decorateClient: (client: SdkClient) => attachSimulatedAws(org.sim, client) };
}

afterEach(() => {
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION']) {
    delete process.env[name];
  }
});

const preview = (args: string[], decorateClient: (client: SdkClient) => void) =>
  orgmfa(['guardrail', 'preview', '--region', 'us-east-1', ...args], { decorateClient });

const names = (users: readonly { userName: string }[]) => users.map((user) => user.userName);

describe('orgmfa guardrail preview (read-only, the audit’s machinery)', () => {
  test('--output json: per account, who would be blocked and why, who is exempt; unreadable accounts listed; exit 3', async () => {
    const { decorateClient } = operatorSession();

    const run = await preview(['--output', 'json'], decorateClient);

    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({
      accountsPreviewed: 3,
      accountsFailed: 2,
      accountsWithWarnings: 0,
      usersEvaluated: 13,
      blocked: 7,
      exempt: 2,
      exemptTimeBoxed: 1,
      keysNeedMfaSession: 1,
    });
    const prod = report.accounts.find((a: { accountId: string }) => a.accountId === PROD);
    expect(names(prod.blocked)).toEqual(['alice', 'dave', 'frank', 'ivy', 'kate', 'mia']);
    const why = Object.fromEntries(
      prod.blocked.map((u: { userName: string; reasons: string[]; exemptionProblem?: string }) => [
        u.userName,
        [u.reasons, u.exemptionProblem],
      ]),
    );
    expect(why).toEqual({
      alice: [['a console password and no MFA device'], undefined],
      dave: [['1 active access key and no MFA device'], undefined],
      frank: [
        ['a console password and no MFA device'],
        'the orgmfa:exempt-until tag "2026-01-31" ended on 2026-01-31',
      ],
      ivy: [
        [
          '1 active access key and only FIDO security keys or passkeys, which GetSessionToken does not take: the keys could not get an MFA session',
        ],
        undefined,
      ],
      kate: [['a console password and no MFA device'], expect.stringContaining('gives no reason')],
      mia: [
        ['1 active access key and no MFA device'],
        expect.stringContaining('is more than 12 months ahead'),
      ],
    });
    // jack signs in to the console with his security key: not blocked. bob's keys go through sessions.
    expect(prod.exempt).toEqual([
      expect.objectContaining({ userName: 'erin', exemption: 'break-glass account, in the safe' }),
      expect.objectContaining({ userName: 'liam', exemption: 'migration job', until: day(10) }),
    ]);
    expect(prod.keysNeedMfaSession).toEqual(['bob']);
    expect(
      report.accounts.find((a: { accountId: string }) => a.accountId === NO_SECURITY_HUB).blocked,
    ).toEqual([expect.objectContaining({ userName: 'henry' })]);
    expect(report.accounts.filter((a: { status: string }) => a.status === 'FAILED')).toEqual([
      {
        accountId: SANDBOX,
        status: 'FAILED',
        reason: expect.stringContaining('cannot assume OrgMfaMemberRole'),
      },
      { accountId: SUSPENDED, status: 'FAILED', reason: expect.stringContaining('refused') },
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('orgmfa: incomplete: 2 account(s) not assessed (333333333333, 444444444444)\n');
  });

  test('changes nothing: no mutating call in any account, the organization as it was', async () => {
    const { org, decorateClient } = operatorSession();
    const withoutReports = () =>
      JSON.stringify(org.sim.state, (key, value: unknown) =>
        key === 'credentialReport' ? undefined : value,
      );
    const before = withoutReports();

    await preview(['--output', 'json'], decorateClient);

    expect(withoutReports()).toBe(before);
    const operations = [...new Set(org.sim.calls.map((call) => call.operation))].sort();
    expect(
      operations.filter((op) => !/^(Get|List|Describe|GenerateCredentialReport$|AssumeRole$)/.test(op)),
    ).toEqual([]);
    // No orgmfa state is read either: the guardrail has no use for the device record.
    expect(operations).not.toContain('GetObject');
  });

  test('the table: each account with its blocked and exempt users, then the totals', async () => {
    const { decorateClient } = operatorSession();

    const run = await preview(['--accounts', PROD], decorateClient);

    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Guardrail preview for \d{4}-\d{2}-\d{2} \(UTC\)$/);
    expect(lines).toContain(`${PROD}     11        6       2`);
    expect(lines).toContain('  blocked  dave: 1 active access key and no MFA device');
    expect(lines).toContain(
      `  exempt   liam: exempt: "migration job" until ${day(10)} (the managed policy does not honour this)`,
    );
    expect(lines).toContain('would be blocked today: 6');
    expect(run.stdout).toMatch(/covered by exemptions: 2 \(time-boxed: 1,/);
  });

  test('--output csv and --fail-on-findings: one row per blocked and exempt user; exit 4', async () => {
    const { decorateClient } = operatorSession();

    const run = await preview(['--accounts', PROD, '--output', 'csv', '--fail-on-findings'], decorateClient);

    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toBe('account,user,verdict,detail');
    expect(rows.filter((row) => row.includes(',BLOCKED,'))).toHaveLength(6);
    expect(rows.filter((row) => row.includes(',EXEMPT,'))).toHaveLength(2);
    expect(rows).toContain(
      `${PROD},arn:aws:iam::${PROD}:user/dave,BLOCKED,1 active access key and no MFA device`,
    );
    expect([run.code, run.stderr]).toEqual([
      4,
      'orgmfa: the guardrail would block 6 user(s) today (--fail-on-findings)\n',
    ]);
  });

  test('--fail-on-findings when nobody would be blocked: exit 0, exempt users never count', async () => {
    const { decorateClient } = operatorSession();

    const run = await preview(['--accounts', MGMT, '--fail-on-findings'], decorateClient);

    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('would be blocked today: 0');
  });

  test('incomplete wins over findings, and a preview of no account never passes: exit 3', async () => {
    const { decorateClient } = operatorSession();

    expect(
      (await preview(['--accounts', `${PROD},${SANDBOX}`, '--fail-on-findings'], decorateClient)).code,
    ).toBe(3);
    const none = await preview(['--accounts', SUSPENDED], decorateClient);
    expect([none.code, none.stderr]).toEqual([
      3,
      'orgmfa: incomplete: no account was assessed; 1 account(s) not assessed (444444444444)\n',
    ]);
  });

  test('bad arguments are refused before any call: exit 2', async () => {
    const { org, decorateClient } = operatorSession();

    const run = await preview(['--accounts', '12345'], decorateClient);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--accounts takes 12-digit account ids');
    expect(org.sim.calls).toEqual([]);
  });
});
