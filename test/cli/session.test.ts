import { IAMClient, IAMServiceException, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseIni, valuesOf } from '../../cli/aws-files/ini';
import {
  CONFIG_WITH_SSO,
  CREDENTIALS_CRLF_NO_FINAL_NEWLINE,
  CREDENTIALS_LF,
  sectionBounds,
} from './helpers/aws-files';
import { ORGMFA_COMMAND, orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const aws = useTemporaryAwsHome();

const SERIAL = 'arn:aws:iam::222222222222:mfa/alice-phone';
const EXPIRATION = new Date(Date.now() + 12 * 3600_000);
const SESSION = {
  AccessKeyId: 'ASIATESTSESSION00001',
  SecretAccessKey: 'session/secret/key/0000000000000000000000',
  SessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
  Expiration: EXPIRATION,
};

function stsError(name: string, message: string): STSServiceException {
  return new STSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

/** The profile's values as the credentials file now holds them. */
function profile(name: string): Record<string, string> | undefined {
  const values = valuesOf(parseIni(aws().readCredentials()), name);
  return values === undefined ? undefined : Object.fromEntries(values);
}

/**
 * The credentials another program gets for `profile` through the AWS SDK's default chain. A separate
 * process, because the SDK caches the shared files it has read, and this process read them before
 * orgmfa wrote them.
 */
function credentialsAsSdkReads(profile: string): Record<string, unknown> {
  const script = `new (require('@aws-sdk/client-sts').STSClient)({ profile: ${JSON.stringify(profile)}, region: 'us-east-1' })
    .config.credentials().then((c) => process.stdout.write(JSON.stringify(c)), (e) => { process.stderr.write(e.message); process.exitCode = 1; })`;
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: process.env,
    cwd: join(__dirname, '..', '..'),
  });
  if (run.status !== 0) throw new Error(`the SDK could not read profile ${profile}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

beforeEach(() => {
  sts.reset();
  iam.reset();
  sts.on(GetSessionTokenCommand).resolves({ Credentials: SESSION });
  sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::222222222222:user/alice' });
});

describe('orgmfa session writes an MFA session into the credentials file', () => {
  test('GetSessionToken with the long-term keys, the mfa_serial of the config profile and the code; profile <P>-mfa written', async () => {
    aws().writeConfig(CONFIG_WITH_SSO);
    aws().writeCredentials(CREDENTIALS_LF);

    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456', '--duration', '3600']);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      `MFA session of work written to profile work-mfa in ${aws().credentialsPath}`,
    );
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, {
      SerialNumber: SERIAL,
      TokenCode: '123456',
      DurationSeconds: 3600,
    });
    const client = sts.commandCalls(GetSessionTokenCommand)[0]!.thisValue as STSClient;
    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
      secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    });
    // The profile's region from the config file; no IAM call was needed.
    await expect(client.config.region()).resolves.toBe('eu-central-1');
    expect(iam).toHaveReceivedCommandTimes(ListMFADevicesCommand, 0);
    // The session carries the source profile's region, so --profile work-mfa works where work did.
    expect(profile('work-mfa')).toEqual({
      region: 'eu-central-1',
      aws_access_key_id: SESSION.AccessKeyId,
      aws_secret_access_key: SESSION.SecretAccessKey,
      aws_session_token: SESSION.SessionToken,
      x_security_token_expires: EXPIRATION.toISOString(),
      x_orgmfa_source_profile: 'work',
    });
  });

  test('every byte outside the written section is kept; the config file is not touched', async () => {
    aws().writeConfig(CONFIG_WITH_SSO);
    aws().writeCredentials(CREDENTIALS_LF);
    const before = Buffer.from(CREDENTIALS_LF);

    expect((await orgmfa(['session', '--profile', 'work', '--code', '123456'])).code).toBe(0);

    const after = aws().readCredentials();
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.subarray(before.length).toString()).toMatch(
      /^\n\[work-mfa\]\nregion = eu-central-1\naws_access_key_id = ASIA/,
    );
    expect(aws().readConfig().equals(Buffer.from(CONFIG_WITH_SSO))).toBe(true);
  });

  test('a CRLF file without a final line ending: the old session is replaced in place, the rest byte for byte', async () => {
    aws().writeCredentials(CREDENTIALS_CRLF_NO_FINAL_NEWLINE);
    const text = CREDENTIALS_CRLF_NO_FINAL_NEWLINE;
    const { start, end } = sectionBounds(text, '[work-mfa]');

    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);

    expect(run.code).toBe(0);
    const after = aws().readCredentials().toString('latin1');
    expect(after.startsWith(text.slice(0, start))).toBe(true);
    expect(after.endsWith(text.slice(end))).toBe(true);
    const section = after.slice(start, after.length - (text.length - end));
    expect(section.split('\r\n')).toEqual([
      '[work-mfa]',
      '# written by orgmfa; region kept by hand',
      'region = us-west-2',
      `aws_access_key_id = ${SESSION.AccessKeyId}`,
      `aws_secret_access_key = ${SESSION.SecretAccessKey}`,
      `aws_session_token = ${SESSION.SessionToken}`,
      `aws_security_token = ${SESSION.SessionToken}`,
      `x_security_token_expires = ${EXPIRATION.toISOString()}`,
      'x_orgmfa_source_profile = work',
      '',
      '',
    ]);
  });

  test('the AWS SDK reads the written profile back as those temporary credentials', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);

    expect(credentialsAsSdkReads('work-mfa')).toMatchObject({
      accessKeyId: SESSION.AccessKeyId,
      secretAccessKey: SESSION.SecretAccessKey,
      sessionToken: SESSION.SessionToken,
    });
  });

  test('the write is atomic: mode 0600 (even over a 0644 file), no temporary file left, a symlink kept', async () => {
    const real = join(aws().home, 'dotfiles-credentials');
    writeFileSync(real, CREDENTIALS_LF, { mode: 0o644 });
    symlinkSync(real, aws().credentialsPath);

    expect(
      (await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'])).code,
    ).toBe(0);

    expect(lstatSync(aws().credentialsPath).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(readFileSync(real, 'utf8')).toContain('[work-mfa]');
    expect(readdirSync(aws().home).sort()).toEqual(['.aws', 'dotfiles-credentials']);
    expect(readdirSync(join(aws().home, '.aws'))).toEqual(['credentials-explicit']);
  });

  test('an existing mfa-<P> profile (aws-mfa users) is the default target', async () => {
    aws().writeCredentials(
      `${CREDENTIALS_LF}\n[mfa-work]\naws_access_key_id = ASIAOLD\naws_secret_access_key = s\naws_session_token = t\n`,
    );

    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);

    expect(run.code).toBe(0);
    expect(profile('mfa-work')?.aws_access_key_id).toBe(SESSION.AccessKeyId);
    expect(profile('work-mfa')).toBeUndefined();
  });

  test('AWS_PROFILE chooses the profile, --target-profile the name, and the ~/.aws files are the default', async () => {
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    process.env.AWS_PROFILE = 'work';
    process.env.AWS_REGION = 'ap-southeast-2';
    const path = join(aws().home, '.aws', 'credentials');
    writeFileSync(path, CREDENTIALS_LF);

    const run = await orgmfa([
      'session',
      '--serial',
      SERIAL,
      '--code',
      '123456',
      '--target-profile',
      'alice-admin',
    ]);

    expect(run.code).toBe(0);
    expect(valuesOf(parseIni(readFileSync(path)), 'alice-admin')?.get('x_orgmfa_source_profile')).toBe(
      'work',
    );
    const client = sts.commandCalls(GetSessionTokenCommand)[0]!.thisValue as STSClient;
    await expect(client.config.region()).resolves.toBe('ap-southeast-2');
  });

  test('--output json reports the written profile and never a secret', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const run = await orgmfa([
      'session',
      '--profile',
      'work',
      '--serial',
      SERIAL,
      '--code',
      '123456',
      '--output',
      'json',
    ]);

    expect(JSON.parse(run.stdout)).toEqual({
      profile: 'work-mfa',
      sourceProfile: 'work',
      credentialsFile: aws().credentialsPath,
      expiration: EXPIRATION.toISOString(),
      reused: false,
    });
    expect(run.stdout).not.toContain(SESSION.SecretAccessKey);
  });

  test('--code-stdin reads the code from standard input', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code-stdin'], {
      stdin: '654321\n',
    });
    expect(run.code).toBe(0);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { TokenCode: '654321' });
  });
});

describe('the MFA device', () => {
  beforeEach(() => aws().writeCredentials(CREDENTIALS_LF));

  test('without mfa_serial, the only device from iam:ListMFADevices is used (security keys are skipped)', async () => {
    iam.on(ListMFADevicesCommand).resolves({
      MFADevices: [
        {
          UserName: 'alice',
          SerialNumber: 'arn:aws:iam::222222222222:u2f/user/alice/yubikey-ABC',
          EnableDate: new Date(),
        },
        { UserName: 'alice', SerialNumber: SERIAL, EnableDate: new Date() },
      ],
    });

    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456']);

    expect(run.code).toBe(0);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { SerialNumber: SERIAL });
  });

  test('several devices and no terminal: a one-line usage error listing them, nothing asked or written', async () => {
    const second = 'arn:aws:iam::222222222222:mfa/alice-tablet';
    iam.on(ListMFADevicesCommand).resolves({
      MFADevices: [
        { UserName: 'alice', SerialNumber: SERIAL, EnableDate: new Date() },
        { UserName: 'alice', SerialNumber: second, EnableDate: new Date() },
      ],
    });

    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456']);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `orgmfa: several MFA devices are assigned (${SERIAL}, ${second}): choose one with --serial\n`,
    });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('no usable device: a one-line error', async () => {
    iam.on(ListMFADevicesCommand).resolves({ MFADevices: [] });
    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^orgmfa: the IAM user of profile work has no MFA device that works with GetSessionToken.*\n$/,
    );
  });
});

describe('orgmfa session refuses what it must not do', () => {
  test('a target profile holding long-term keys is never overwritten', async () => {
    aws().writeCredentials(CREDENTIALS_LF);

    const run = await orgmfa([
      'session',
      '--profile',
      'work',
      '--serial',
      SERIAL,
      '--code',
      '123456',
      '--target-profile',
      'personal',
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `orgmfa: profile personal in ${aws().credentialsPath} holds long-term access keys (no aws_session_token); orgmfa will not overwrite them: choose another --target-profile\n`,
    );
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('a wrong code: one line, exit 1, nothing written', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    sts
      .on(GetSessionTokenCommand)
      .rejects(
        stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'),
      );

    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '000000']);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `orgmfa: the MFA code was not accepted for ${SERIAL} (MultiFactorAuthentication failed with invalid MFA one time pass code.); nothing was written: run again with the next code\n`,
    });
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('keys AWS does not know: one line naming the profile', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    sts
      .on(GetSessionTokenCommand)
      .rejects(stsError('InvalidClientTokenId', 'The security token included in the request is invalid.'));
    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);
    expect(run.stderr).toBe(
      'orgmfa: The security token included in the request is invalid; AWS did not accept the access keys of profile work: check its access key, or create a new one\n',
    );
    expect(run.code).toBe(1);
  });

  test.each([['899'], ['129601'], ['14m59s'], ['36h1s'], ['12 hours'], ['1.5h'], ['h'], ['30m12h']])(
    '--duration %s is refused by the option parser before any AWS call: exit 2',
    async (duration) => {
      aws().writeCredentials(CREDENTIALS_LF);
      const run = await orgmfa(['session', '--profile', 'work', '--code', '123456', '--duration', duration]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `error: option '--duration <time>' argument '${duration}' is invalid. It must be from 15m to 36h (900 to 129600 seconds; the root user: up to 1h), as seconds or with units such as 12h or 90m.\n(run with --help for usage)\n`,
      );
      expect(sts.calls()).toHaveLength(0);
    },
  );

  test.each([
    ['12h', 43_200],
    ['90m', 5400],
    ['1h30m', 5400],
    ['15m', 900],
    ['36h', 129_600],
    ['2700s', 2700],
    ['3600', 3600],
  ])('--duration %s is %d seconds', async (duration, seconds) => {
    aws().writeCredentials(CREDENTIALS_LF);
    const run = await orgmfa([
      'session',
      '--profile',
      'work',
      '--serial',
      SERIAL,
      '--code',
      '123456',
      '--duration',
      duration,
    ]);
    expect(run.code).toBe(0);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { DurationSeconds: seconds });
  });

  test('the edges 900 and 129600 are accepted', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    for (const duration of ['900', '129600']) {
      const run = await orgmfa([
        'session',
        '--profile',
        'work',
        '--serial',
        SERIAL,
        '--code',
        '123456',
        '--duration',
        duration,
        '--force',
      ]);
      expect(run.code).toBe(0);
    }
    expect(sts.commandCalls(GetSessionTokenCommand).map((c) => c.args[0].input.DurationSeconds)).toEqual([
      900, 129600,
    ]);
  });

  test('the root user may not ask for more than an hour', async () => {
    aws().writeCredentials('[root]\naws_access_key_id = AKIAROOT\naws_secret_access_key = s\n');
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::222222222222:root' });
    const serial = 'arn:aws:iam::222222222222:mfa/root-account-mfa-device';

    const long = await orgmfa([
      'session',
      '--profile',
      'root',
      '--serial',
      serial,
      '--code',
      '123456',
      '--duration',
      '7200',
    ]);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe('orgmfa: --duration 7200: sessions of the root user last 900 to 3600 seconds\n');
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);

    const hour = await orgmfa([
      'session',
      '--profile',
      'root',
      '--serial',
      serial,
      '--code',
      '123456',
      '--duration',
      '3600',
    ]);
    expect(hour.code).toBe(0);
  });

  test.each([
    [
      'a profile that does not exist',
      ['--profile', 'nope'],
      /^orgmfa: profile nope is in neither .* nor .* \(choose one with --profile or AWS_PROFILE\)\n$/,
    ],
    [
      'a profile with temporary credentials',
      ['--profile', 'temp'],
      /^orgmfa: profile temp holds temporary credentials \(aws_session_token\): GetSessionToken needs the IAM user's long-term keys\n$/,
    ],
    [
      'an SSO profile',
      ['--profile', 'sso-admin'],
      /^orgmfa: profile sso-admin has no access keys: orgmfa needs an IAM user's long-term keys/,
    ],
    ['the source as target', ['--profile', 'work', '--target-profile', 'work'], /must differ from work/],
    [
      'a malformed code',
      ['--profile', 'work', '--code', '12345'],
      /^orgmfa: --code must be the six-digit code from your MFA device\n$/,
    ],
    [
      '--code with --code-stdin',
      ['--profile', 'work', '--code', '123456', '--code-stdin'],
      /exclude each other/,
    ],
    [
      'no code and no terminal',
      ['--profile', 'work', '--serial', SERIAL],
      /^orgmfa: no MFA code: pass --code 123456, --code-stdin or --code-from ykman, set mfa_process in the profile, or run orgmfa session on a terminal to be asked\n$/,
    ],
  ])('%s is a usage error and nothing is written', async (_label, args, message) => {
    aws().writeConfig(CONFIG_WITH_SSO);
    const credentials = `${CREDENTIALS_LF}\n[temp]\naws_access_key_id = ASIA\naws_secret_access_key = s\naws_session_token = t\n`;
    aws().writeCredentials(credentials);

    const run = await orgmfa(['session', ...args]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(aws().readCredentials().toString()).toBe(credentials);
  });

  test('a target profile that appears twice is refused before asking for a code', async () => {
    const credentials = `${CREDENTIALS_LF}\n[work-mfa]\nregion = a\n\n[work-mfa]\nregion = b\n`;
    aws().writeCredentials(credentials);

    const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `orgmfa: profile work-mfa appears 2 times in ${aws().credentialsPath}; merge the copies by hand first\n`,
    );
    expect(sts.calls()).toHaveLength(0);
    expect(aws().readCredentials().toString()).toBe(credentials);
  });

  test('no credentials file at all: it is created, with mode 0600, from keys in the config file', async () => {
    aws().writeConfig(
      '[profile cfg]\naws_access_key_id = AKIACFG\naws_secret_access_key = s\nmfa_serial = arn:aws:iam::222222222222:mfa/x-device\n',
    );
    expect(existsSync(aws().credentialsPath)).toBe(false);

    const run = await orgmfa(['session', '--profile', 'cfg', '--code', '123456']);

    expect(run.code).toBe(0);
    expect(statSync(aws().credentialsPath).mode & 0o777).toBe(0o600);
    expect(aws().readCredentials().toString()).toMatch(/^\[cfg-mfa\]\naws_access_key_id = ASIA/);
  });
});

describe('a valid session is reused', () => {
  beforeEach(() => aws().writeCredentials(CREDENTIALS_LF));

  test('two runs, one GetSessionToken: the second asks for no code and changes nothing', async () => {
    const first = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);
    const written = aws().readCredentials();
    const second = await orgmfa(['session', '--profile', 'work', '--output', 'json']);

    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ reused: true, expiration: EXPIRATION.toISOString() });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    expect(aws().readCredentials().equals(written)).toBe(true);
  });

  test('within five minutes of expiry a new session is needed; --force asks anyway', async () => {
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);
    const nearExpiry = () => new Date(EXPIRATION.getTime() - 4 * 60_000);
    const early = () => new Date(EXPIRATION.getTime() - 6 * 60_000);

    expect((await orgmfa(['session', '--profile', 'work'], { now: early })).code).toBe(0);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);

    const late = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL], { now: nearExpiry });
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/^orgmfa: no MFA code/);

    expect(
      (await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '111111', '--force']))
        .code,
    ).toBe(0);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 2);
  });

  test('a session made from another profile is not reused', async () => {
    aws().writeCredentials(
      `${CREDENTIALS_LF}\n[work-mfa]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\nx_security_token_expires = ${EXPIRATION.toISOString()}\nx_orgmfa_source_profile = personal\n`,
    );
    expect(
      (await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'])).code,
    ).toBe(0);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    expect(profile('work-mfa')?.x_orgmfa_source_profile).toBe('work');
  });
});

describe('orgmfa credential-process', () => {
  beforeEach(() => aws().writeCredentials(CREDENTIALS_LF));

  test('prints the cached session in the credential_process format', async () => {
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);

    const run = await orgmfa(['credential-process', '--profile', 'work']);

    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      Version: 1,
      AccessKeyId: SESSION.AccessKeyId,
      SecretAccessKey: SESSION.SecretAccessKey,
      SessionToken: SESSION.SessionToken,
      Expiration: EXPIRATION.toISOString(),
    });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
  });

  test('the AWS SDK gets those credentials through credential_process', async () => {
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);
    const command = ORGMFA_COMMAND.map((part) => `"${part}"`).join(' ');
    aws().writeConfig(
      `[profile via-process]\ncredential_process = ${command} credential-process --profile work\n`,
    );

    expect(credentialsAsSdkReads('via-process')).toMatchObject({
      accessKeyId: SESSION.AccessKeyId,
      sessionToken: SESSION.SessionToken,
      expiration: EXPIRATION.toISOString(),
    });
  });

  test('no session: exit 1 and a line saying to run orgmfa session, nothing on standard output', async () => {
    const run = await orgmfa(['credential-process', '--profile', 'work']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'orgmfa: no valid MFA session for profile work (there is no profile work-mfa; no terminal to ask for a code on): run `orgmfa session --profile work`\n',
    });
  });

  test('an expired session is not handed out', async () => {
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456']);
    const run = await orgmfa(['credential-process', '--profile', 'work', '--target-profile', 'work-mfa'], {
      now: () => new Date(EXPIRATION.getTime() + 1000),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orgmfa: no valid MFA session for profile work (the session in profile work-mfa expired at ${EXPIRATION.toISOString()}; no terminal to ask for a code on): run \`orgmfa session --profile work --target-profile work-mfa\`\n`,
    );
  });
});

test('an IAM error other than access denial is reported in one line with the --debug hint', async () => {
  aws().writeCredentials(CREDENTIALS_LF);
  iam
    .on(ListMFADevicesCommand)
    .rejects(
      new IAMServiceException({ name: 'ServiceFailure', message: 'boom', $fault: 'server', $metadata: {} }),
    );
  const run = await orgmfa(['session', '--profile', 'work', '--code', '123456']);
  expect(run).toEqual({ code: 1, stdout: '', stderr: 'orgmfa: boom (run with --debug for details)\n' });
  const debug = await orgmfa(['--debug', 'session', '--profile', 'work', '--code', '123456']);
  expect(debug.stderr).toMatch(/^ServiceFailure: boom\n\s+at /);
});
