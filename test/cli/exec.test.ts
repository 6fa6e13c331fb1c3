import { statSync } from 'node:fs';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { useTemporaryAwsHome } from './helpers/cli-harness';
import { cacheEntries } from './helpers/credential-cache';
import { FakeAwsEndpoint, queryAnswer, queryError, type FakeAwsRequest } from './helpers/fake-aws-endpoint';
import { runOrgmfaProcess } from './helpers/orgmfa-process';
import { runOnTerminal } from './helpers/terminal';

const aws = useTemporaryAwsHome();

const PHONE = 'arn:aws:iam::222222222222:mfa/alice-phone';
const ADMIN = 'arn:aws:iam::333333333333:role/Admin';
const EXPIRATION = '2031-01-01T00:00:00.000Z';
const LONG_TERM = { id: 'AKIAI44QH8DHBEXAMPLE', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };

/** A valid session `orgmfa session --profile work` wrote. */
const WITH_SESSION = `${CREDENTIALS_LF}
[work-mfa]
aws_access_key_id = ASIAWRITTENSESSION01
aws_secret_access_key = written/secret
aws_session_token = written-token
x_security_token_expires = ${EXPIRATION}
x_orgmfa_source_profile = work
`;

const CONFIG = [
  '[profile work]',
  'region = eu-central-1',
  `mfa_serial = ${PHONE}`,
  '',
  '[profile work-admin]',
  `role_arn = ${ADMIN}`,
  'source_profile = work',
  'region = ap-northeast-1',
  '',
].join('\n');

/** A command that prints its environment as JSON. */
const PRINT_ENV = [process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'];

let endpoint: FakeAwsEndpoint | undefined;
afterEach(async () => endpoint?.stop());

async function fakeAws(): Promise<{ fake: FakeAwsEndpoint; url: string }> {
  endpoint = new FakeAwsEndpoint((request: FakeAwsRequest) => {
    const credentials = (name: string) => ({
      AccessKeyId: `ASIA${name}`,
      SecretAccessKey: `${name}/secret`,
      SessionToken: `${name}-token`,
      Expiration: EXPIRATION,
    });
    switch (request.action) {
      case 'GetSessionToken':
        return queryAnswer('sts', 'GetSessionToken', { Credentials: credentials('NEWSESSION') });
      case 'AssumeRole':
        return queryAnswer('sts', 'AssumeRole', {
          Credentials: credentials('ADMINROLE'),
          AssumedRoleUser: { Arn: `${ADMIN}/x`, AssumedRoleId: 'AROAX:x' },
        });
      default:
        return queryError(400, 'InvalidAction', `${request.action} is not faked`);
    }
  });
  return { fake: endpoint, url: await endpoint.start() };
}

beforeEach(() => aws().writeConfig(CONFIG));

describe('orgmfa exec runs a command with temporary credentials in its environment', () => {
  test("the session's credentials, its expiry, the region and the marker; AWS_PROFILE and the parent's keys gone", async () => {
    aws().writeCredentials(WITH_SESSION);
    const before = statSync(aws().credentialsPath).mtimeMs;

    const run = await runOrgmfaProcess(['exec', '--profile', 'work', '--', ...PRINT_ENV], {
      ...process.env,
      AWS_PROFILE: 'work',
      AWS_ACCESS_KEY_ID: LONG_TERM.id,
      AWS_SECRET_ACCESS_KEY: LONG_TERM.secret,
      AWS_SECURITY_TOKEN: 'stale-token',
    });

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const env = JSON.parse(run.stdout) as Record<string, string>;
    expect(env).toMatchObject({
      AWS_ACCESS_KEY_ID: 'ASIAWRITTENSESSION01',
      AWS_SECRET_ACCESS_KEY: 'written/secret',
      AWS_SESSION_TOKEN: 'written-token',
      AWS_CREDENTIAL_EXPIRATION: EXPIRATION,
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      ORGMFA_EXEC: 'work',
    });
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('AWS_SECURITY_TOKEN');
    expect(Object.values(env)).not.toContain(LONG_TERM.id);
    expect(Object.values(env)).not.toContain(LONG_TERM.secret);
    // Nothing written: the file is the same, bytes and time, and nothing was cached.
    expect(aws().readCredentials().toString()).toBe(WITH_SESSION);
    expect(statSync(aws().credentialsPath).mtimeMs).toBe(before);
    expect(cacheEntries(aws().home)).toEqual([]);
  });

  test('a new MFA session: asked of AWS with the code, cached privately, the credentials file untouched; the next exec asks nothing', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const { fake, url } = await fakeAws();
    const env = { ...process.env, AWS_ENDPOINT_URL: url };

    const first = await runOrgmfaProcess(
      ['exec', '--profile', 'work', '--code', '123456', '--', ...PRINT_ENV],
      env,
    );
    const second = await runOrgmfaProcess(['exec', '--profile', 'work', '--', ...PRINT_ENV], env);

    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(first.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: 'ASIANEWSESSION' });
    expect(JSON.parse(second.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: 'ASIANEWSESSION' });
    expect(fake.requests.map((r) => [r.action, r.params])).toEqual([
      ['GetSessionToken', { SerialNumber: PHONE, TokenCode: '123456' }],
    ]);
    expect(fake.requests[0]!.authorization).toContain(`Credential=${LONG_TERM.id}/`);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
    expect(cacheEntries(aws().home).map((e) => e.mode)).toEqual([0o600]);
  });

  test("a role profile: the role's credentials and the role profile's region", async () => {
    aws().writeCredentials(WITH_SESSION);
    const { fake, url } = await fakeAws();

    const run = await runOrgmfaProcess(['exec', '--profile', 'work-admin', '--', ...PRINT_ENV], {
      ...process.env,
      AWS_ENDPOINT_URL: url,
    });

    expect(JSON.parse(run.stdout)).toMatchObject({
      AWS_ACCESS_KEY_ID: 'ASIAADMINROLE',
      AWS_SESSION_TOKEN: 'ADMINROLE-token',
      AWS_REGION: 'ap-northeast-1',
      ORGMFA_EXEC: 'work-admin',
    });
    // Assumed with the MFA session orgmfa session had written, without a code.
    expect(fake.requests.map((r) => r.action)).toEqual(['AssumeRole']);
    expect(fake.requests[0]!.authorization).toContain('Credential=ASIAWRITTENSESSION01/');
    expect(aws().readCredentials().toString()).toBe(WITH_SESSION);
  });

  test('-- separates the command: its own options reach it, not orgmfa', async () => {
    aws().writeCredentials(WITH_SESSION);
    const run = await runOrgmfaProcess(
      [
        'exec',
        '--profile',
        'work',
        '--',
        'sh',
        '-c',
        'printf "%s|" "$@"',
        'sh',
        '--profile',
        'other',
        '--debug',
      ],
      { ...process.env },
    );
    expect(run).toEqual({ code: 0, signal: null, stdout: '--profile|other|--debug|', stderr: '' });
  });
});

describe("orgmfa exec passes the command's end on", () => {
  beforeEach(() => aws().writeCredentials(WITH_SESSION));
  const exec = (command: string[]) =>
    runOrgmfaProcess(['exec', '--profile', 'work', '--', ...command], { ...process.env });

  test.each([[0], [7], [255]])('exit status %d', async (status) => {
    const run = await exec(['sh', '-c', `exit ${status}`]);
    expect(run).toEqual({ code: status, signal: null, stdout: '', stderr: '' });
  });

  test('a command killed by a signal: 128 + its number', async () => {
    expect((await exec(['sh', '-c', 'kill -KILL $$'])).code).toBe(137);
    expect((await exec(['sh', '-c', 'kill -TERM $$'])).code).toBe(143);
  });

  test("SIGTERM sent to orgmfa reaches the command, and its exit status is orgmfa's", async () => {
    const child = [
      process.execPath,
      '-e',
      "process.on('SIGTERM', () => { console.log('command got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);",
    ];
    const run = await runOrgmfaProcess(
      ['exec', '--profile', 'work', '--', ...child],
      { ...process.env },
      (orgmfa) => {
        orgmfa.stdout!.on('data', (chunk) => {
          if (String(chunk).includes('ready')) orgmfa.kill('SIGTERM');
        });
      },
    );
    expect(run).toEqual({ code: 42, signal: null, stdout: 'ready\ncommand got SIGTERM\n', stderr: '' });
  });

  test('a command that does not exist: one line, 127', async () => {
    const run = await exec(['no-such-command-for-orgmfa']);
    expect(run).toEqual({
      code: 127,
      signal: null,
      stdout: '',
      stderr: 'orgmfa: cannot run no-such-command-for-orgmfa: command not found\n',
    });
  });
});

describe('orgmfa exec refuses', () => {
  test('to run inside another orgmfa exec: one line, exit 2, the command not run', async () => {
    aws().writeCredentials(WITH_SESSION);
    const run = await runOrgmfaProcess(['exec', '--profile', 'work', '--', 'sh', '-c', 'echo RAN'], {
      ...process.env,
      ORGMFA_EXEC: 'work-admin',
    });
    expect(run).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        'orgmfa: already inside `orgmfa exec` for profile work-admin (ORGMFA_EXEC is set): run the command there directly, or leave that shell first\n',
    });
  });

  test('without a code source or a terminal: one line, nothing run, nothing asked of AWS', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const { fake, url } = await fakeAws();
    const run = await runOrgmfaProcess(['exec', '--profile', 'work', '--', 'sh', '-c', 'echo RAN'], {
      ...process.env,
      AWS_ENDPOINT_URL: url,
    });
    expect(run).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        'orgmfa: no MFA code: pass --code 123456, --code-stdin or --code-from ykman, set mfa_process in the profile, or run orgmfa exec on a terminal to be asked\n',
    });
    expect(fake.requests).toHaveLength(0);
  });

  test('without a command', async () => {
    const run = await runOrgmfaProcess(['exec', '--profile', 'work'], { ...process.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: missing required argument 'command'");
  });
});

test('on a terminal: the code is asked, then the command has the terminal to itself', async () => {
  aws().writeCredentials(CREDENTIALS_LF);
  const { fake, url } = await fakeAws();

  const run = await runOnTerminal(
    [
      'exec',
      '--profile',
      'work',
      '--',
      'sh',
      '-c',
      'printf "ready> "; read line; echo "command read $line with $AWS_ACCESS_KEY_ID"',
    ],
    { ...process.env, AWS_ENDPOINT_URL: url },
    [
      { expect: `MFA code for ${PHONE}: `, type: '123456\r' },
      { expect: 'ready> ', type: 'hello\r' },
    ],
  );

  expect(run.code).toBe(0);
  expect(run.screen).toContain('command read hello with ASIANEWSESSION');
  expect(fake.requests.map((r) => r.action)).toEqual(['GetSessionToken']);
});
