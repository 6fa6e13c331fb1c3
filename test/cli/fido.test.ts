import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const aws = useTemporaryAwsHome();

const KEY = 'arn:aws:iam::222222222222:u2f/user/alice/yubikey-5c-ABCDEFGHIJ';
const PASSKEY = 'arn:aws:iam::222222222222:u2f/user/alice/macbook-passkey-KLMNOPQRST';

function fidoOnly(profile: string, serials: string): string {
  return `orgmfa: the IAM user of profile ${profile} signs in with a security key or passkey (${serials}), and GetSessionToken accepts only authenticator-app and hardware TOTP devices: sign in with \`aws login\` instead (AWS CLI 2.32.0 or later; browser sign-in, temporary credentials for the CLI and SDKs; IAM users need the SignInLocalDevelopmentAccess policy), or assign a virtual MFA device to use orgmfa\n`;
}

beforeEach(() => {
  sts.reset();
  iam.reset();
  aws().writeCredentials(CREDENTIALS_LF);
  iam.on(ListMFADevicesCommand).resolves({
    MFADevices: [
      { UserName: 'alice', SerialNumber: KEY, EnableDate: new Date() },
      { UserName: 'alice', SerialNumber: PASSKEY, EnableDate: new Date() },
    ],
  });
});

describe('a user whose only MFA devices are security keys or passkeys', () => {
  test('orgmfa session says so plainly, points to aws login, asks for no code and calls no STS', async () => {
    const run = await orgmfa(['session', '--profile', 'work'], { terminals: { stdin: true, stderr: true } });

    expect(run).toEqual({ code: 1, stdout: '', stderr: fidoOnly('work', `${KEY}, ${PASSKEY}`) });
    expect(iam).toHaveReceivedCommandTimes(ListMFADevicesCommand, 1);
    expect(sts.calls()).toHaveLength(0);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('credential-process with a terminal: the same line, nothing asked on the terminal', async () => {
    const run = await orgmfa(['credential-process', '--profile', 'work'], {
      controllingTerminal: { typed: '123456\n' },
    });

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: fidoOnly('work', `${KEY}, ${PASSKEY}`),
      terminal: '',
    });
    expect(sts.calls()).toHaveLength(0);
  });

  test('a role profile on such a user: the same line, before any STS call', async () => {
    aws().writeConfig(
      '[profile admin]\nrole_arn = arn:aws:iam::333333333333:role/Admin\nsource_profile = work\n',
    );
    const run = await orgmfa(['session', '--profile', 'admin', '--code', '123456']);
    expect(run.stderr).toBe(fidoOnly('work', `${KEY}, ${PASSKEY}`));
    expect(sts.calls()).toHaveLength(0);
  });

  test('mfa_serial naming a security key: told at once, with no AWS call at all', async () => {
    aws().writeConfig(`[profile work]\nmfa_serial = ${KEY}\n`);
    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: fidoOnly('work', KEY) });
    expect(iam.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });
});
