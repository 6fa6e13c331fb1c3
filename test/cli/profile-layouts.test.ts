import { IAMClient } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { parseIni, valuesOf } from '../../cli/aws-files/ini';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const aws = useTemporaryAwsHome();

const SERIAL = 'arn:aws:iam::222222222222:mfa/alice-phone';
const EXPIRATION = new Date(Date.UTC(2031, 6, 1, 21, 30, 5));
const SESSION = {
  AccessKeyId: 'ASIALAYOUTSESSION001',
  SecretAccessKey: 'layout/secret',
  SessionToken: 'layout-token',
  Expiration: EXPIRATION,
};
const NOW = () => new Date(Date.UTC(2031, 6, 1, 9, 30, 5));

/** aws-mfa's layout, as aws-mfa itself leaves the file: long-term keys apart, its session in [work]. */
const AWS_MFA_FILE = [
  '[work-long-term]',
  'aws_access_key_id = AKIAI44QH8DHBEXAMPLE',
  'aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  `aws_mfa_device = ${SERIAL}`,
  '',
  '[work]',
  'assumed_role = True',
  'assumed_role_arn = arn:aws:iam::333333333333:role/Old',
  'aws_access_key_id = ASIAOLDAWSMFA',
  'aws_secret_access_key = old/secret',
  'aws_session_token = old-token',
  'aws_security_token = old-token',
  'expiration = 2020-01-01 00:00:00',
  '',
  '[other]',
  'aws_access_key_id = AKIAOTHER',
  'aws_secret_access_key = other/secret',
  '',
].join('\n');

const profile = (name: string) => {
  const values = valuesOf(parseIni(aws().readCredentials()), name);
  return values === undefined ? undefined : Object.fromEntries(values);
};

beforeEach(() => {
  sts.reset();
  iam.reset();
  sts.on(GetSessionTokenCommand).resolves({ Credentials: SESSION });
});

describe("aws-mfa's layout: [P-long-term] holds the keys, the session goes to [P]", () => {
  test('orgmfa session --profile work reads [work-long-term] and its aws_mfa_device, and rewrites [work] in place', async () => {
    aws().writeCredentials(AWS_MFA_FILE);

    const run = await orgmfa(['session', '--profile', 'work', '--code', '123456'], { now: NOW });

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('MFA session of work-long-term written to profile work in');
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, {
      SerialNumber: SERIAL,
      TokenCode: '123456',
    });
    const client = sts.commandCalls(GetSessionTokenCommand)[0]!.thisValue as STSClient;
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIAI44QH8DHBEXAMPLE' });
    // aws-mfa's own keys stay true to the new session, so aws-mfa reads the profile right too.
    expect(aws().readCredentials().toString()).toBe(
      AWS_MFA_FILE.replace(
        [
          'assumed_role = True',
          'assumed_role_arn = arn:aws:iam::333333333333:role/Old',
          'aws_access_key_id = ASIAOLDAWSMFA',
          'aws_secret_access_key = old/secret',
          'aws_session_token = old-token',
          'aws_security_token = old-token',
          'expiration = 2020-01-01 00:00:00',
        ].join('\n'),
        [
          'assumed_role = False',
          `aws_access_key_id = ${SESSION.AccessKeyId}`,
          `aws_secret_access_key = ${SESSION.SecretAccessKey}`,
          `aws_session_token = ${SESSION.SessionToken}`,
          `aws_security_token = ${SESSION.SessionToken}`,
          'expiration = 2031-07-01 21:30:05',
          `x_security_token_expires = ${EXPIRATION.toISOString()}`,
          'x_orgmfa_source_profile = work-long-term',
        ].join('\n'),
      ),
    );
  });

  test('the session is then reused, and credential-process --profile work hands it out', async () => {
    aws().writeCredentials(AWS_MFA_FILE);
    await orgmfa(['session', '--profile', 'work', '--code', '123456'], { now: NOW });

    const again = await orgmfa(['session', '--profile', 'work-long-term', '--output', 'json'], { now: NOW });
    const served = await orgmfa(['credential-process', '--profile', 'work'], { now: NOW });

    expect(JSON.parse(again.stdout)).toMatchObject({
      profile: 'work',
      sourceProfile: 'work-long-term',
      reused: true,
    });
    expect(JSON.parse(served.stdout)).toMatchObject({ AccessKeyId: SESSION.AccessKeyId });
    expect(sts).toHaveReceivedCommandTimes(GetSessionTokenCommand, 1);
  });

  test('the first session for [default]: aws-mfa users run it without --profile', async () => {
    const file = `[default-long-term]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default/secret\naws_mfa_device = ${SERIAL}\n`;
    aws().writeCredentials(file);

    expect((await orgmfa(['session', '--code', '123456'], { now: NOW })).code).toBe(0);

    expect(aws().readCredentials().toString().startsWith(file)).toBe(true);
    expect(profile('default')).toMatchObject({
      aws_session_token: SESSION.SessionToken,
      x_orgmfa_source_profile: 'default-long-term',
    });
  });
});

describe('the region travels with the session', () => {
  test("the source profile's region is written when the session profile has none", async () => {
    aws().writeConfig('[profile work]\nregion = ap-southeast-2\n');
    aws().writeCredentials(CREDENTIALS_LF);

    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'], { now: NOW });

    expect(profile('work-mfa')).toMatchObject({ region: 'ap-southeast-2' });
  });

  test('a region set by hand in the session profile is kept, and a source without one writes none', async () => {
    aws().writeConfig('[profile work]\nregion = ap-southeast-2\n');
    aws().writeCredentials(`${CREDENTIALS_LF}\n[work-mfa]\nregion = eu-north-1\n`);
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'], { now: NOW });
    expect(profile('work-mfa')).toMatchObject({ region: 'eu-north-1' });

    aws().writeConfig('');
    aws().writeCredentials(CREDENTIALS_LF);
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456', '--force'], {
      now: NOW,
    });
    expect(profile('work-mfa')).not.toHaveProperty('region');
  });
});

describe('the hint names the profile orgmfa session needs', () => {
  test("asking for orgmfa's session profile itself: a usage error naming the profile it was made from", async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'], { now: NOW });

    for (const command of ['credential-process', 'session']) {
      const run = await orgmfa([command, '--profile', 'work-mfa'], { now: NOW });
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'orgmfa: profile work-mfa holds the MFA session orgmfa wrote for profile work: use --profile work (`orgmfa session --profile work` renews it)\n',
      });
    }
  });

  test("aws-mfa's layout: the hint names the long-term profile", async () => {
    aws().writeCredentials(AWS_MFA_FILE);
    const run = await orgmfa(['credential-process', '--profile', 'work'], { now: NOW });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'orgmfa: no valid MFA session for profile work-long-term (profile work holds no orgmfa session of profile work-long-term; no terminal to ask for a code on): run `orgmfa session --profile work-long-term`\n',
    });
  });
});
