import {
  CreateUserCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { CREDENTIAL_REPORT_COLUMNS } from '../../local/sim/iam-credential-report';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const T0 = new Date('2026-11-21T09:00:00Z');
const HOUR = 3600_000;
const ALICE_PHONE_SEED = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

/** A clock that stands still unless told to move, so report times are exact. */
function frozenClock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms;
    },
    set: (time: Date) => {
      t = time.getTime();
    },
  };
}

function reportOrg(fixture = orgFixture()) {
  const clock = frozenClock(T0);
  const org = simulatedOrg(fixture, { clock: clock.now });
  const iam = org.clients.iam({
    accountId: PROD,
    credentials: org.sim.issueSession(PROD, 'OrgMfaMemberRole', 'orgmfa-sweep'),
  });
  const csv = async () => {
    const report = await iam.send(new GetCredentialReportCommand({}));
    return { report, rows: new TextDecoder().decode(report.Content).split('\n') };
  };
  /** Generates a report and polls until it is available, as a careful caller would. */
  const generateAndWait = async () => {
    await iam.send(new GenerateCredentialReportCommand({}));
    for (;;) {
      try {
        return await csv();
      } catch (error) {
        if ((error as Error).name !== 'CredentialReportNotReadyException') throw error;
        await clock.sleep(1000);
      }
    }
  };
  return { org, iam, clock, csv, generateAndWait };
}

const row = (rows: string[], user: string) => rows.find((r) => r.startsWith(`${user},`))?.split(',');
const column = (rows: string[], user: string, name: (typeof CREDENTIAL_REPORT_COLUMNS)[number]) =>
  row(rows, user)?.[CREDENTIAL_REPORT_COLUMNS.indexOf(name)];

describe('simulated IAM credential report: generation and polling', () => {
  test('GIVEN no report WHEN GetCredentialReport THEN CredentialReportNotPresentException', async () => {
    const { iam } = reportOrg();
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
      message:
        'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
      $metadata: { httpStatusCode: 410 },
    });
  });

  test('GIVEN a report just STARTED WHEN fetched at once THEN it is not ready; the next poll gets it', async () => {
    const { iam, csv } = reportOrg();
    await expect(iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'STARTED',
      Description: 'No report exists. Starting a new report generation task',
    });
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotReadyException',
      message: 'The request was rejected because the credential report is still being generated.',
    });
    const { report } = await csv();
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toEqual(T0);
  });

  test('GIVEN a report STARTED WHEN GenerateCredentialReport is polled THEN INPROGRESS, then COMPLETE', async () => {
    const { iam } = reportOrg();
    await iam.send(new GenerateCredentialReportCommand({}));
    await expect(iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'INPROGRESS',
    });
    await expect(iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'COMPLETE',
    });
    await expect(iam.send(new GetCredentialReportCommand({}))).resolves.toBeDefined();
  });

  test('GIVEN a report STARTED WHEN the generation time has passed THEN the first fetch gets it', async () => {
    const { iam, clock, csv } = reportOrg();
    await iam.send(new GenerateCredentialReportCommand({}));
    await clock.sleep(5000);
    await expect(csv()).resolves.toBeDefined();
  });
});

describe('simulated IAM credential report: IAM’s columns and values', () => {
  test('the header is IAM’s columns in IAM’s order', async () => {
    const { generateAndWait } = reportOrg();
    const { rows } = await generateAndWait();
    expect(rows[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
        'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
        'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
        'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
  });

  test('the first data row is <root_account>, with not_supported password columns and its MFA', async () => {
    const { generateAndWait } = reportOrg();
    const { rows } = await generateAndWait();
    expect(rows[1]).toBe(
      `<root_account>,arn:aws:iam::${PROD}:root,2024-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
  });

  test('GIVEN rootMfaActive false in the fixture THEN the root row says mfa_active false', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.rootMfaActive = false;
    const { rows } = await reportOrg(fixture).generateAndWait();
    expect(column(rows, '<root_account>', 'mfa_active')).toBe('false');
  });

  test('user rows: password, MFA (assigned virtual device or a hardware device) and access keys', async () => {
    const fixture = orgFixture();
    const users = fixture.accounts[1]!.iam.users;
    users[1]!.accessKeys = [
      { active: true, createDate: '2025-03-04T05:06:07Z' },
      { active: false, createDate: '2025-06-07T08:09:10Z' },
    ];
    users.push({
      userName: 'dave',
      path: '/',
      consolePassword: false,
      accessKeys: [],
      tags: {},
      mfaDevices: ['arn:aws:iam::222222222222:u2f/user/dave/key-1'],
      createDate: '2025-01-02T03:04:05Z',
    });
    const { rows } = await reportOrg(fixture).generateAndWait();
    expect(rows.slice(2)).toEqual([
      `alice,arn:aws:iam::${PROD}:user/alice,2024-01-01T00:00:00+00:00,true,no_information,2024-01-01T00:00:00+00:00,N/A,false,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      `bob,arn:aws:iam::${PROD}:user/engineering/bob,2024-01-01T00:00:00+00:00,true,no_information,2024-01-01T00:00:00+00:00,N/A,true,` +
        'true,2025-03-04T05:06:07+00:00,N/A,N/A,N/A,false,2025-06-07T08:09:10+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
      `dave,arn:aws:iam::${PROD}:user/dave,2025-01-02T03:04:05+00:00,false,N/A,N/A,N/A,true,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ]);
  });

  test('a user created through the API has its creation time in the report', async () => {
    const { iam, clock, generateAndWait } = reportOrg();
    await clock.sleep(60_000);
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const { rows } = await generateAndWait();
    expect(column(rows, 'erin', 'user_creation_time')).toBe('2026-11-21T09:01:00+00:00');
  });
});

describe('simulated IAM credential report: regenerated at most every 4 hours', () => {
  async function aliceEnablesMfa(org: ReturnType<typeof reportOrg>) {
    const now = org.clock.now().getTime() / 1000;
    const w = totpWindow(now);
    await org.iam.send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: `arn:aws:iam::${PROD}:mfa/alice-phone`,
        AuthenticationCode1: await totpCodeForWindow(ALICE_PHONE_SEED, w - 1),
        AuthenticationCode2: await totpCodeForWindow(ALICE_PHONE_SEED, w),
      }),
    );
  }

  test('GIVEN a report WHEN alice gains MFA and a report is asked for within 4 h THEN COMPLETE with the old snapshot', async () => {
    const org = reportOrg();
    const first = await org.generateAndWait();
    expect(column(first.rows, 'alice', 'mfa_active')).toBe('false');
    await aliceEnablesMfa(org);
    org.clock.set(new Date(T0.getTime() + 4 * HOUR));
    await expect(org.iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'COMPLETE',
    });
    const second = await org.csv();
    expect(second.report.GeneratedTime).toEqual(T0);
    expect(column(second.rows, 'alice', 'mfa_active')).toBe('false');
  });

  test('GIVEN a report older than 4 h THEN it has expired, and a new one reflects alice’s MFA', async () => {
    const org = reportOrg();
    await org.generateAndWait();
    await aliceEnablesMfa(org);
    const later = new Date(T0.getTime() + 4 * HOUR + 1000);
    org.clock.set(later);
    await expect(org.iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportExpiredException',
      $metadata: { httpStatusCode: 410 },
    });
    await expect(org.iam.send(new GenerateCredentialReportCommand({}))).resolves.toMatchObject({
      State: 'STARTED',
    });
    await org.clock.sleep(5000);
    const fresh = await org.csv();
    expect(fresh.report.GeneratedTime).toEqual(later);
    expect(column(fresh.rows, 'alice', 'mfa_active')).toBe('true');
  });
});
