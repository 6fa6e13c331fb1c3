import { IAMClient } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
  type Credentials,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';
import { cacheDirectoryMode, cacheEntries } from './helpers/credential-cache';
import { plainText } from './helpers/terminal';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const aws = useTemporaryAwsHome();

const SERIAL = 'arn:aws:iam::222222222222:mfa/alice-phone';
const ADMIN = 'arn:aws:iam::333333333333:role/Admin';
const READ_ONLY = 'arn:aws:iam::444444444444:role/teams/ReadOnly';
const DEPLOY = 'arn:aws:iam::555555555555:role/Deploy';
const NOW = new Date(Date.UTC(2031, 0, 1, 9, 0, 0));
const at = (ms: number) => () => new Date(NOW.getTime() + ms);
const HOUR = 3600_000;

function credentials(name: string, expiration: Date): Credentials {
  return {
    AccessKeyId: `ASIA${name.toUpperCase()}`,
    SecretAccessKey: `${name}/secret`,
    SessionToken: `${name}-token`,
    Expiration: expiration,
  };
}
const SESSION = credentials('mfasession', new Date(NOW.getTime() + 12 * HOUR));
const ADMIN_CREDENTIALS = credentials('admin', new Date(NOW.getTime() + HOUR));
const ADMIN_RENEWED = credentials('adminrenewed', new Date(NOW.getTime() + 2 * HOUR));
const READ_ONLY_CREDENTIALS = credentials('readonly', new Date(NOW.getTime() + HOUR / 4));
const DEPLOY_CREDENTIALS = credentials('deploy', new Date(NOW.getTime() + HOUR));

/** The alice of CREDENTIALS_LF (keys in [work]) with role profiles that start from them. */
const CONFIG = [
  '[profile work]',
  'region = eu-central-1',
  `mfa_serial = ${SERIAL}`,
  '',
  '[profile work-admin]',
  `role_arn = ${ADMIN}`,
  'source_profile = work',
  'region = eu-west-1',
  '',
  '[profile work-readonly]',
  `role_arn = ${READ_ONLY}`,
  'source_profile = work',
  'external_id = orgmfa-example-42',
  'role_session_name = alice-ro',
  'duration_seconds = 900',
  '',
  '# chained: Deploy is assumed with the Admin role',
  '[profile deploy]',
  `role_arn = ${DEPLOY}`,
  'source_profile = work-admin',
  '',
].join('\n');

function stsError(name: string, message: string): STSServiceException {
  return new STSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

/** The credentials the client of the `index`-th call of `command` signed with. */
async function signer(command: 'AssumeRole' | 'GetSessionToken', index: number) {
  const calls =
    command === 'AssumeRole' ? sts.commandCalls(AssumeRoleCommand) : sts.commandCalls(GetSessionTokenCommand);
  return (calls[index]!.thisValue as STSClient).config.credentials();
}

const asProcessOutput = (c: Credentials) => ({
  Version: 1,
  AccessKeyId: c.AccessKeyId,
  SecretAccessKey: c.SecretAccessKey,
  SessionToken: c.SessionToken,
  Expiration: c.Expiration!.toISOString(),
});

beforeEach(() => {
  sts.reset();
  iam.reset();
  sts.on(GetSessionTokenCommand).resolves({ Credentials: SESSION });
  sts.on(AssumeRoleCommand, { RoleArn: ADMIN }).resolves({ Credentials: ADMIN_CREDENTIALS });
  sts.on(AssumeRoleCommand, { RoleArn: READ_ONLY }).resolves({ Credentials: READ_ONLY_CREDENTIALS });
  sts.on(AssumeRoleCommand, { RoleArn: DEPLOY }).resolves({ Credentials: DEPLOY_CREDENTIALS });
  aws().writeConfig(CONFIG);
  aws().writeCredentials(CREDENTIALS_LF);
});

describe('role profiles: one MFA code for every role on the same keys', () => {
  test('two role profiles, one GetSessionToken: each role assumed with the MFA session, as its profile says', async () => {
    const admin = await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    const readOnly = await orgmfa(['session', '--profile', 'work-readonly'], { now: at(60_000) });

    expect(admin).toMatchObject({ code: 0, stderr: '' });
    expect(readOnly).toMatchObject({ code: 0, stderr: '' });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, {
      SerialNumber: SERIAL,
      TokenCode: '123456',
    });
    await expect(signer('GetSessionToken', 0)).resolves.toMatchObject({
      accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
    });
    const calls = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { RoleArn: ADMIN, RoleSessionName: `orgmfa-${NOW.getTime() / 1000}`, DurationSeconds: 3600 },
      {
        RoleArn: READ_ONLY,
        RoleSessionName: 'alice-ro',
        DurationSeconds: 900,
        ExternalId: 'orgmfa-example-42',
      },
    ]);
    for (const index of [0, 1]) {
      await expect(signer('AssumeRole', index)).resolves.toMatchObject({
        accessKeyId: SESSION.AccessKeyId,
        sessionToken: SESSION.SessionToken,
      });
    }
    // The role profile's own region, else AWS_REGION: STS calls go to the profile's region.
    const client = sts.commandCalls(AssumeRoleCommand)[0]!.thisValue as STSClient;
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    expect(admin.stdout).toBe(
      `role credentials of profile work-admin (${ADMIN}) cached, valid until ${ADMIN_CREDENTIALS.Expiration!.toISOString()}, assumed with the MFA session of work (new, valid until ${SESSION.Expiration!.toISOString()})\n` +
        'use them with `orgmfa exec --profile work-admin -- <command>` or credential_process = orgmfa credential-process --profile work-admin\n',
    );
    expect(readOnly.stdout).toContain('assumed with the MFA session of work (reused, valid until');
  });

  test('the shared credentials and config files are kept byte for byte; the cache is private', async () => {
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    const run = await orgmfa(['credential-process', '--profile', 'work-readonly'], { now: at(0) });

    expect(run.code).toBe(0);
    expect(aws().readCredentials().equals(Buffer.from(CREDENTIALS_LF))).toBe(true);
    expect(aws().readConfig().equals(Buffer.from(CONFIG))).toBe(true);
    const entries = cacheEntries(aws().home);
    // The MFA session of work, and one entry per role profile.
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(entry.mode).toBe(0o600);
      expect(entry.name).toMatch(/^[0-9a-f]{40}\.json$/);
    }
    expect(cacheDirectoryMode(aws().home)).toBe(0o700);
    expect(entries.map((e) => JSON.parse(e.text).AccessKeyId).sort()).toEqual(
      [SESSION, ADMIN_CREDENTIALS, READ_ONLY_CREDENTIALS].map((c) => c.AccessKeyId).sort(),
    );
  });

  test('--output json reports the role, its source and the MFA session, never a secret', async () => {
    const run = await orgmfa(['session', '--profile', 'work-admin', '--code', '123456', '--output', 'json'], {
      now: at(0),
    });

    expect(JSON.parse(run.stdout)).toEqual({
      profile: 'work-admin',
      roleArn: ADMIN,
      sourceProfile: 'work',
      expiration: ADMIN_CREDENTIALS.Expiration!.toISOString(),
      reused: false,
      mfaSession: { expiration: SESSION.Expiration!.toISOString(), reused: false },
      cacheDirectory: `${aws().home}/.aws/orgmfa/cache`,
    });
    expect(run.stdout).not.toContain(ADMIN_CREDENTIALS.SecretAccessKey);
    expect(run.stdout).not.toContain(SESSION.SecretAccessKey);
  });

  test('the first session of a role profile, from a cached MFA session: reported as not reused, one AssumeRole', async () => {
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    sts.resetHistory();

    const run = await orgmfa(['session', '--profile', 'work-readonly', '--output', 'json'], { now: at(0) });

    expect(JSON.parse(run.stdout)).toMatchObject({
      profile: 'work-readonly',
      reused: false,
      mfaSession: { reused: true },
    });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  test('a chained role assumed anew from cached credentials of the role below it: reported as not reused, one AssumeRole', async () => {
    // GIVEN work-admin's credentials cached, and none for deploy (assumed with work-admin's)
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    sts.resetHistory();

    const run = await orgmfa(['session', '--profile', 'deploy', '--output', 'json'], { now: at(0) });

    expect(JSON.parse(run.stdout)).toMatchObject({ profile: 'deploy', reused: false });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: DEPLOY });

    // And served from its cache the next time: reused, no call.
    sts.resetHistory();
    const again = await orgmfa(['session', '--profile', 'deploy', '--output', 'json'], { now: at(0) });
    expect(JSON.parse(again.stdout)).toMatchObject({ profile: 'deploy', reused: true });
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  test('an MFA session written by orgmfa session --profile work serves the role profiles without a code', async () => {
    await orgmfa(['session', '--profile', 'work', '--code', '123456'], { now: at(0) });
    const written = aws().readCredentials();

    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(0) });

    expect(JSON.parse(run.stdout)).toEqual(asProcessOutput(ADMIN_CREDENTIALS));
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    await expect(signer('AssumeRole', 0)).resolves.toMatchObject({ accessKeyId: SESSION.AccessKeyId });
    expect(aws().readCredentials().equals(written)).toBe(true);
  });

  test('orgmfa session --profile work after a role profile: the cached MFA session is written there, no code', async () => {
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });

    const run = await orgmfa(['session', '--profile', 'work', '--output', 'json'], { now: at(0) });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ profile: 'work-mfa', reused: true });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
    expect(aws().readCredentials().toString()).toContain(`aws_session_token = ${SESSION.SessionToken}`);
  });
  test('--force: a new MFA session and the role assumed again, though both were valid', async () => {
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });

    const run = await orgmfa(['session', '--profile', 'work-admin', '--code', '654321', '--force'], {
      now: at(60_000),
    });

    expect(run.code).toBe(0);
    expect(sts.commandCalls(GetSessionTokenCommand).map((c) => c.args[0].input.TokenCode)).toEqual([
      '123456',
      '654321',
    ]);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });
});

describe('credential-process for a role profile', () => {
  beforeEach(async () => {
    expect(
      (await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) })).code,
    ).toBe(0);
    sts.resetHistory();
  });

  test('serves the cached role credentials with no AWS call', async () => {
    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(30 * 60_000) });

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(asProcessOutput(ADMIN_CREDENTIALS));
    expect(sts.calls()).toHaveLength(0);
  });

  test('within five minutes of their expiry, the role is assumed again from the MFA session, without a code', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: ADMIN }).resolves({ Credentials: ADMIN_RENEWED });

    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], {
      now: at(HOUR - 4 * 60_000),
    });

    expect(JSON.parse(run.stdout)).toEqual(asProcessOutput(ADMIN_RENEWED));
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 0);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    await expect(signer('AssumeRole', 0)).resolves.toMatchObject({ accessKeyId: SESSION.AccessKeyId });
    // And the renewed credentials are cached in turn.
    sts.resetHistory();
    const again = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(HOUR) });
    expect(JSON.parse(again.stdout)).toEqual(asProcessOutput(ADMIN_RENEWED));
    expect(sts.calls()).toHaveLength(0);
  });

  test('once the MFA session has expired too: without a terminal, exit 1 and the source profile to run orgmfa session on', async () => {
    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(12 * HOUR) });

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `orgmfa: no valid MFA session for profile work (the session orgmfa cached for it expired at ${SESSION.Expiration!.toISOString()}; there is no profile work-mfa; no terminal to ask for a code on), the source profile of work-admin: run \`orgmfa session --profile work\`\n`,
    });
    expect(sts.calls()).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
  });

  test('once the MFA session has expired too: on the controlling terminal, one code and the role again', async () => {
    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], {
      now: at(12 * HOUR),
      controllingTerminal: { typed: '654321\n' },
    });

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(plainText(run.terminal!)).toBe(`MFA code for ${SERIAL}: 654321\n`);
    expect(JSON.parse(run.stdout)).toEqual(asProcessOutput(ADMIN_CREDENTIALS));
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, {
      SerialNumber: SERIAL,
      TokenCode: '654321',
    });
  });
});

describe('chained source profiles', () => {
  test('deploy is assumed with the Admin role, which is assumed with the MFA session; each hop is cached', async () => {
    const run = await orgmfa(['session', '--profile', 'deploy', '--code', '123456'], { now: at(0) });

    expect(run.code).toBe(0);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([ADMIN, DEPLOY]);
    await expect(signer('AssumeRole', 0)).resolves.toMatchObject({ accessKeyId: SESSION.AccessKeyId });
    await expect(signer('AssumeRole', 1)).resolves.toMatchObject({
      accessKeyId: ADMIN_CREDENTIALS.AccessKeyId,
      sessionToken: ADMIN_CREDENTIALS.SessionToken,
    });
    // mfa_serial comes from work, at the end of the chain.
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { SerialNumber: SERIAL });

    sts.resetHistory();
    const admin = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(0) });
    expect(JSON.parse(admin.stdout)).toEqual(asProcessOutput(ADMIN_CREDENTIALS));
    // Deploy's credentials about to expire: only the last hop is assumed again, from the cached Admin ones.
    sts.on(AssumeRoleCommand, { RoleArn: ADMIN }).rejects(new Error('Admin must not be assumed again'));
    const deploy = await orgmfa(['credential-process', '--profile', 'deploy'], {
      now: at(HOUR - 5 * 60_000 - 1),
    });
    expect(JSON.parse(deploy.stdout)).toEqual(asProcessOutput(DEPLOY_CREDENTIALS));
    expect(sts.calls()).toHaveLength(0);
  });

  test("the role profile's own mfa_serial wins over its source's", async () => {
    const tablet = 'arn:aws:iam::222222222222:mfa/alice-tablet';
    aws().writeConfig(
      `${CONFIG}\n[profile tablet-admin]\nrole_arn = ${ADMIN}\nsource_profile = work\nmfa_serial = ${tablet}\n`,
    );

    await orgmfa(['session', '--profile', 'tablet-admin', '--code', '123456'], { now: at(0) });

    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { SerialNumber: tablet });
  });

  test('a profile whose source_profile is itself assumes its role with its own keys', async () => {
    aws().writeCredentials(
      `${CREDENTIALS_LF}\n[self]\naws_access_key_id = AKIASELF\naws_secret_access_key = self/secret\nrole_arn = ${ADMIN}\nsource_profile = self\nmfa_serial = ${SERIAL}\n`,
    );

    const run = await orgmfa(['session', '--profile', 'self', '--code', '123456'], { now: at(0) });

    expect(run.code).toBe(0);
    await expect(signer('GetSessionToken', 0)).resolves.toMatchObject({ accessKeyId: 'AKIASELF' });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ADMIN });
  });

  test('a source profile with keys provides them, its own role_arn is not assumed (as the AWS CLI does)', async () => {
    aws().writeCredentials(
      `${CREDENTIALS_LF}\n[both]\naws_access_key_id = AKIABOTH\naws_secret_access_key = both/secret\nrole_arn = ${DEPLOY}\nmfa_serial = ${SERIAL}\n`,
    );
    aws().writeConfig(`${CONFIG}\n[profile on-both]\nrole_arn = ${ADMIN}\nsource_profile = both\n`);

    expect((await orgmfa(['session', '--profile', 'on-both', '--code', '123456'], { now: at(0) })).code).toBe(
      0,
    );

    await expect(signer('GetSessionToken', 0)).resolves.toMatchObject({ accessKeyId: 'AKIABOTH' });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([ADMIN]);
  });

  test('a changed profile does not get the credentials cached for what it said before', async () => {
    await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    aws().writeConfig(CONFIG.replace(`role_arn = ${ADMIN}`, `role_arn = ${DEPLOY}`));

    const run = await orgmfa(['credential-process', '--profile', 'work-admin'], { now: at(0) });

    expect(JSON.parse(run.stdout)).toEqual(asProcessOutput(DEPLOY_CREDENTIALS));
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([ADMIN, DEPLOY]);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
  });
});

describe('role profiles orgmfa refuses, before any AWS call and without writing anything', () => {
  test.each([
    [
      'a source_profile loop',
      '[profile a]\nrole_arn = arn:aws:iam::333333333333:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::333333333333:role/B\nsource_profile = a\n',
      'a',
      'orgmfa: source_profile loop: a → b → a\n',
    ],
    [
      'credential_source',
      `[profile ec2]\nrole_arn = ${ADMIN}\ncredential_source = Ec2InstanceMetadata\n`,
      'ec2',
      "orgmfa: profile ec2 takes its credentials from credential_source, which orgmfa does not support: it needs a source_profile chain that ends at an IAM user's long-term keys\n",
    ],
    [
      'role_arn without source_profile',
      `[profile lone]\nrole_arn = ${ADMIN}\n`,
      'lone',
      'orgmfa: profile lone has role_arn but no source_profile\n',
    ],
    [
      'a source_profile that does not exist',
      `[profile orphan]\nrole_arn = ${ADMIN}\nsource_profile = nowhere\n`,
      'orphan',
      /^orgmfa: profile nowhere, the source_profile of orphan, is in neither .* nor .*\n$/,
    ],
    [
      'an SSO source profile',
      `[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n[profile on-sso]\nrole_arn = ${ADMIN}\nsource_profile = sso\n`,
      'on-sso',
      "orgmfa: profile sso, the source_profile of on-sso, has no access keys: orgmfa needs an IAM user's long-term keys (SSO and credential_process profiles do MFA at their own login)\n",
    ],
    [
      'duration_seconds beyond the role-chaining hour',
      `[profile long]\nrole_arn = ${ADMIN}\nsource_profile = work\nduration_seconds = 43200\n`,
      'long',
      "orgmfa: duration_seconds 43200 in profile long: a role assumed with an MFA session is role chaining for STS, which grants at most 3600 seconds; orgmfa renews the role's credentials from the MFA session without a new code, so leave it at 3600 or less\n",
    ],
    [
      'duration_seconds below 900',
      `[profile short]\nrole_arn = ${ADMIN}\nsource_profile = work\nduration_seconds = 600\n`,
      'short',
      'orgmfa: duration_seconds "600" in profile short must be whole seconds from 900 to 3600\n',
    ],
    [
      'a role_arn that is not a role',
      '[profile odd]\nrole_arn = arn:aws:iam::333333333333:user/bob\nsource_profile = work\n',
      'odd',
      'orgmfa: role_arn "arn:aws:iam::333333333333:user/bob" in profile odd is not an IAM role ARN\n',
    ],
  ])('%s', async (_label, extra, profile, message) => {
    aws().writeConfig(`${CONFIG}\n${extra}`);
    for (const command of [['session', '--code', '123456'], ['credential-process']]) {
      const run = await orgmfa([command[0]!, '--profile', profile, ...command.slice(1)], { now: at(0) });
      expect(run.code).toBe(2);
      if (typeof message === 'string') expect(run.stderr).toBe(message);
      else expect(run.stderr).toMatch(message);
    }
    expect(sts.calls()).toHaveLength(0);
    expect(cacheEntries(aws().home)).toEqual([]);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('--target-profile with a role profile: its credentials never go to the credentials file', async () => {
    const run = await orgmfa([
      'session',
      '--profile',
      'work-admin',
      '--code',
      '123456',
      '--target-profile',
      'x',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^orgmfa: --target-profile: profile work-admin assumes a role/);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('a role AWS refuses', () => {
  test('one line naming the role and the profile, exit 1; the MFA session is kept, so the retry needs no code', async () => {
    sts
      .on(AssumeRoleCommand, { RoleArn: ADMIN })
      .rejectsOnce(
        stsError(
          'AccessDenied',
          `User: arn:aws:iam::222222222222:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}`,
        ),
      )
      .resolves({ Credentials: ADMIN_CREDENTIALS });

    const refused = await orgmfa(['session', '--profile', 'work-admin', '--code', '123456'], { now: at(0) });
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `orgmfa: AssumeRole of ${ADMIN} (profile work-admin) refused: User: arn:aws:iam::222222222222:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}\n`,
    });
    expect(cacheEntries(aws().home)).toHaveLength(1);

    const retry = await orgmfa(['session', '--profile', 'work-admin'], { now: at(60_000) });
    expect(retry.code).toBe(0);
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
  });
});
