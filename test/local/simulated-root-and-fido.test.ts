import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListMFADevicesCommand,
  type SummaryKeyType,
} from '@aws-sdk/client-iam';
import { readOrganizationFixture, FixtureError } from '../../local/sim/fixture';
import { CREDENTIAL_REPORT_COLUMNS } from '../../local/sim/iam-credential-report';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const FIDO = `arn:aws:iam::${PROD}:u2f/user/alice/fidosecuritykey-ABCDEF`;

/** The member role's IAM client in prod, over `fixture`. */
function memberIam(fixture = orgFixture()) {
  const org = simulatedOrg(fixture);
  return org.clients.iam({
    accountId: PROD,
    credentials: org.sim.issueSession(PROD, 'OrgMfaMemberRole', 'orgmfa-sweep'),
  });
}

/** The fixture with prod's account fields set as raw JSON, through the fixture reader. */
function withProd(fields: Record<string, unknown>) {
  const raw = JSON.parse(JSON.stringify(orgFixture())) as { accounts: Record<string, unknown>[] };
  Object.assign(
    raw.accounts.find((a) => a.id === PROD)!,
    fields,
  );
  return readOrganizationFixture(raw);
}

async function rootSummary(fixture = orgFixture()) {
  const { SummaryMap } = await memberIam(fixture).send(new GetAccountSummaryCommand({}));
  const keys: SummaryKeyType[] = [
    'AccountMFAEnabled',
    'AccountPasswordPresent',
    'AccountAccessKeysPresent',
    'AccountSigningCertificatesPresent',
  ];
  return Object.fromEntries(keys.map((key) => [key, SummaryMap?.[key]]));
}

describe('simulated IAM: the root user in GetAccountSummary (fresh) and the credential report', () => {
  test('GIVEN a fixture without root fields THEN root has a password and MFA as rootMfaActive says (today’s fixtures keep their meaning)', async () => {
    expect(await rootSummary()).toEqual({
      AccountMFAEnabled: 1,
      AccountPasswordPresent: 1,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
    });
    expect(await rootSummary(withProd({ rootMfaActive: false }))).toMatchObject({ AccountMFAEnabled: 0 });
  });

  test('GIVEN centralized root access removed the credentials THEN the summary says no password, keys or certificates', async () => {
    const fixture = withProd({ rootMfaActive: false, rootCredentials: { password: false } });

    expect(await rootSummary(fixture)).toEqual({
      AccountMFAEnabled: 0,
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
    });
  });

  test('GIVEN root access keys and certificates THEN the summary and the report’s root row show them', async () => {
    const fixture = withProd({ rootCredentials: { accessKeys: true, signingCertificates: true } });
    const iam = memberIam(fixture);

    expect(await rootSummary(fixture)).toMatchObject({
      AccountAccessKeysPresent: 1,
      AccountSigningCertificatesPresent: 1,
    });
    await iam.send(new GenerateCredentialReportCommand({}));
    await iam.send(new GenerateCredentialReportCommand({}));
    const { Content } = await iam.send(new GetCredentialReportCommand({}));
    const root = new TextDecoder()
      .decode(Content)
      .split('\n')
      .find((line) => line.startsWith('<root_account>'))!
      .split(',');
    expect(root[CREDENTIAL_REPORT_COLUMNS.indexOf('access_key_1_active')]).toBe('true');
    expect(root[CREDENTIAL_REPORT_COLUMNS.indexOf('cert_1_active')]).toBe('true');
  });

  test('GIVEN iam.accountSummary overrides THEN a key can be left out or hold an unusual value', async () => {
    const fixture = withProd({
      iam: {
        ...orgFixture().accounts[1]!.iam,
        accountSummary: { AccountMFAEnabled: null, AccountPasswordPresent: 7 },
      },
    });

    expect(await rootSummary(fixture)).toMatchObject({
      AccountMFAEnabled: undefined,
      AccountPasswordPresent: 7,
    });
  });

  test.each([
    [{ rootCredentials: { password: 'no' } }, 'accounts[1].rootCredentials.password: must be true or false'],
    [
      { rootCredentials: { pasword: false } },
      'accounts[1].rootCredentials.pasword: is not one of password, accessKeys, signingCertificates',
    ],
  ])('GIVEN a bad root field %j THEN the fixture is refused with where', (fields, message) => {
    expect(() => withProd(fields)).toThrow(new FixtureError(message));
  });
});

describe('simulated IAM: FIDO security keys and passkeys', () => {
  test('GIVEN a user whose only MFA is a FIDO key THEN ListMFADevices names its u2f serial and the report says mfa_active', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.users.find((u) => u.userName === 'alice')!.mfaDevices = [FIDO];
    const iam = memberIam(fixture);

    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }));
    await iam.send(new GenerateCredentialReportCommand({}));
    await iam.send(new GenerateCredentialReportCommand({}));
    const { Content } = await iam.send(new GetCredentialReportCommand({}));

    expect(MFADevices?.map((d) => d.SerialNumber)).toEqual([FIDO]);
    const alice = new TextDecoder()
      .decode(Content)
      .split('\n')
      .find((line) => line.startsWith('alice,'))!
      .split(',');
    expect(alice[CREDENTIAL_REPORT_COLUMNS.indexOf('mfa_active')]).toBe('true');
  });
});
