import { join } from 'node:path';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { useTemporaryAwsHome } from './helpers/cli-harness';
import { cacheEntries } from './helpers/credential-cache';
import { FakeAwsEndpoint, queryAnswer, queryError, type FakeAwsRequest } from './helpers/fake-aws-endpoint';
import { useFakeExecutables } from './helpers/fake-executables';
import { orgmfaCommandLine, runCommandOnTerminal, runOnTerminal } from './helpers/terminal';

const aws = useTemporaryAwsHome();
const bin = useFakeExecutables();

const PHONE = 'arn:aws:iam::222222222222:mfa/alice-phone';
const ADMIN = 'arn:aws:iam::333333333333:role/Admin';
const EXPIRATION = '2031-01-01T00:00:00.000Z';
const ROOT = join(__dirname, '..', '..');

function fakeAws() {
  return new FakeAwsEndpoint((request: FakeAwsRequest) => {
    const credentials = (name: string) => ({
      AccessKeyId: `ASIA${name}`,
      SecretAccessKey: `${name}/secret`,
      SessionToken: `${name}-token`,
      Expiration: EXPIRATION,
    });
    switch (request.action) {
      case 'GetSessionToken':
        return queryAnswer('sts', 'GetSessionToken', { Credentials: credentials('MFASESSION') });
      case 'AssumeRole':
        return queryAnswer('sts', 'AssumeRole', {
          Credentials: credentials('ADMINROLE'),
          AssumedRoleUser: { Arn: `${ADMIN}/x`, AssumedRoleId: 'AROAX:x' },
        });
      default:
        return queryError(400, 'InvalidAction', `${request.action} is not faked`);
    }
  });
}

/** What the AWS SDK gets for `profile`, printed by a Node program run on the terminal. */
function sdkCredentials(profile: string): string[] {
  const script = `new (require('@aws-sdk/client-sts').STSClient)({ profile: ${JSON.stringify(profile)} })
    .config.credentials().then((c) => console.log('SDK GOT ' + c.accessKeyId), (e) => { console.log('SDK FAILED ' + e.message); process.exitCode = 3; })`;
  return [process.execPath, '-e', script];
}

let endpoint: FakeAwsEndpoint | undefined;
afterEach(async () => endpoint?.stop());

async function environment(): Promise<{ fake: FakeAwsEndpoint; env: NodeJS.ProcessEnv }> {
  endpoint = fakeAws();
  const url = await endpoint.start();
  return { fake: endpoint, env: { ...process.env, AWS_ENDPOINT_URL: url, AWS_REGION: 'us-east-1' } };
}

beforeEach(() => {
  aws().writeConfig(
    [
      '[profile work]',
      `mfa_serial = ${PHONE}`,
      '',
      '[profile work-admin]',
      `role_arn = ${ADMIN}`,
      'source_profile = work',
      '',
      '[profile via-process]',
      `credential_process = ${orgmfaCommandLine(['credential-process', '--profile', 'work-admin'])}`,
      '',
      '[profile via-ykman]',
      `credential_process = ${orgmfaCommandLine(['credential-process', '--profile', 'work-admin', '--code-from', 'ykman'])}`,
      '',
      '[profile unattended]',
      `credential_process = ${orgmfaCommandLine(['credential-process', '--profile', 'work-admin', '--no-prompt'])}`,
      '',
    ].join('\n'),
  );
  aws().writeCredentials(CREDENTIALS_LF);
});

describe('credential-process asks on the controlling terminal (a pseudo-terminal through util-linux script)', () => {
  test('the AWS SDK runs it with its output captured: the question reaches the person on /dev/tty, then the role credentials reach the SDK', async () => {
    const { fake, env } = await environment();

    const run = await runCommandOnTerminal(sdkCredentials('via-process'), { ...env, PWD: ROOT }, [
      { expect: `MFA code for ${PHONE}: `, type: '123456\r' },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toContain(`MFA code for ${PHONE}: 123456`);
    expect(run.screen).toContain('SDK GOT ASIAADMINROLE');
    expect(fake.requests.map((r) => [r.action, r.params.TokenCode ?? r.params.RoleArn])).toEqual([
      ['GetSessionToken', '123456'],
      ['AssumeRole', ADMIN],
    ]);
    // The MFA session and the role credentials are cached; the credentials file is untouched.
    expect(cacheEntries(aws().home)).toHaveLength(2);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);

    // The next program asks nothing and calls nothing.
    const next = await runCommandOnTerminal(sdkCredentials('via-process'), env, []);
    expect(next.code).toBe(0);
    expect(next.screen).not.toContain('MFA code');
    expect(next.screen).toContain('SDK GOT ASIAADMINROLE');
    expect(fake.requests).toHaveLength(2);
  });

  test("a code source's messages (ykman's \"Touch your YubiKey\") reach the person on /dev/tty, not the SDK's captured standard error", async () => {
    const { fake, env } = await environment();
    bin().add('ykman', `echo 'Touch your YubiKey...' >&2\necho 424242`);

    const run = await runCommandOnTerminal(
      sdkCredentials('via-ykman'),
      { ...env, PATH: process.env.PATH },
      [],
    );

    expect(run.code).toBe(0);
    expect(run.screen).toContain('Touch your YubiKey...');
    expect(run.screen).toContain('SDK GOT ASIAADMINROLE');
    expect(fake.requests.map((r) => [r.action, r.params.TokenCode ?? r.params.RoleArn])).toEqual([
      ['GetSessionToken', '424242'],
      ['AssumeRole', ADMIN],
    ]);
  });

  test('--no-prompt: nothing is asked, no AWS call; run by itself it says which profile orgmfa session needs', async () => {
    const { fake, env } = await environment();

    const underSdk = await runCommandOnTerminal(sdkCredentials('unattended'), env, []);
    const alone = await runOnTerminal(
      ['credential-process', '--profile', 'work-admin', '--no-prompt'],
      env,
      [],
    );

    // The SDK hides what credential_process said: only its own chain's failure shows.
    expect(underSdk.code).toBe(3);
    expect(underSdk.screen).toContain('SDK FAILED');
    expect(alone.code).toBe(1);
    expect(alone.screen).toBe(
      'orgmfa: no valid MFA session for profile work (there is no profile work-mfa; --no-prompt: no code asked for), the source profile of work-admin: run `orgmfa session --profile work`\n',
    );
    expect(fake.requests).toHaveLength(0);
  });

  test('orgmfa credential-process on a terminal without --no-prompt asks there; Ctrl-D cancels with one line', async () => {
    const { fake, env } = await environment();

    const run = await runOnTerminal(['credential-process', '--profile', 'work'], env, [
      { expect: `MFA code for ${PHONE}: `, type: '\u0004' },
    ]);

    expect(run.code).toBe(1);
    expect(run.screen.trimEnd().split('\n').at(-1)).toBe('orgmfa: cancelled; nothing was changed');
    expect(fake.requests).toHaveLength(0);
  });
});
