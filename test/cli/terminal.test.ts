import { generate } from 'otplib';
import { parseIni, valuesOf } from '../../cli/aws-files/ini';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { useTemporaryAwsHome } from './helpers/cli-harness';
import { FakeAwsEndpoint, queryAnswer, queryError, type FakeAwsRequest } from './helpers/fake-aws-endpoint';
import { runOnTerminal } from './helpers/terminal';

const aws = useTemporaryAwsHome();

const PHONE = 'arn:aws:iam::222222222222:mfa/alice-phone';
const TABLET = 'arn:aws:iam::222222222222:mfa/alice-tablet';
const SEED = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
const ALICE_ID = 'AIDAALICE00000000001';
const EXPIRATION = '2031-01-01T00:00:00.000Z';

/** A fake AWS answering the session and seed calls; `wrongCode` makes GetSessionToken refuse the code. */
function fakeAws(options: { wrongCode?: boolean } = {}) {
  return new FakeAwsEndpoint((request: FakeAwsRequest) => {
    switch (request.action) {
      case 'GetSessionToken':
        return options.wrongCode
          ? queryError(
              403,
              'AccessDenied',
              'MultiFactorAuthentication failed with invalid MFA one time pass code.',
            )
          : queryAnswer('sts', 'GetSessionToken', {
              Credentials: {
                AccessKeyId: 'ASIATERMINAL00000001',
                SecretAccessKey: 'terminal/secret',
                SessionToken: 'terminal-token',
                Expiration: EXPIRATION,
              },
            });
      case 'ListMFADevices':
        return queryAnswer('iam', 'ListMFADevices', {
          IsTruncated: 'false',
          MFADevices: [
            { UserName: 'alice', SerialNumber: PHONE, EnableDate: '2024-01-01T00:00:00Z' },
            { UserName: 'alice', SerialNumber: TABLET, EnableDate: '2024-02-01T00:00:00Z' },
          ],
        });
      case 'GetCallerIdentity':
        return queryAnswer('sts', 'GetCallerIdentity', {
          Arn: 'arn:aws:iam::222222222222:user/alice',
          UserId: ALICE_ID,
          Account: '222222222222',
        });
      case 'GetParameter':
        return {
          body: JSON.stringify({
            Parameter: { Name: `/orgmfa/seed/${ALICE_ID}`, Type: 'SecureString', Value: SEED, Version: 1 },
          }),
        };
      case 'DeleteParameter':
        return { body: '{}' };
      // The phone is alice's own; the tablet is the device orgmfa provisioned for her.
      case 'ListMFADeviceTags':
        return request.params.SerialNumber === TABLET
          ? queryAnswer('iam', 'ListMFADeviceTags', {
              IsTruncated: 'false',
              Tags: [
                { Key: 'orgmfa:managed', Value: 'provisioned' },
                { Key: 'orgmfa:user-id', Value: ALICE_ID },
              ],
            })
          : queryError(403, 'AccessDenied', 'not authorized to perform: iam:ListMFADeviceTags');
      case 'TagMFADevice':
        return queryAnswer('iam', 'TagMFADevice', {});
      default:
        return queryError(400, 'InvalidAction', `${request.action} is not faked`);
    }
  });
}

let endpoint: FakeAwsEndpoint | undefined;
afterEach(async () => endpoint?.stop());

async function environment(fake: FakeAwsEndpoint): Promise<NodeJS.ProcessEnv> {
  endpoint = fake;
  return { ...process.env, AWS_ENDPOINT_URL: await fake.start(), AWS_REGION: 'us-east-1' };
}

describe('prompts on a terminal (a pseudo-terminal through util-linux script)', () => {
  test('orgmfa session asks for the code, and the session goes to AWS_ENDPOINT_URL and into the file', async () => {
    aws().writeConfig(`[profile work]\nmfa_serial = ${PHONE}\n`);
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();

    const run = await runOnTerminal(['session', '--profile', 'work'], await environment(fake), [
      { expect: `MFA code for ${PHONE}: `, type: '123456\r' },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toContain(`MFA code for ${PHONE}: 123456`);
    expect(run.screen).toContain(`valid until ${EXPIRATION}`);
    expect(fake.requests.map((r) => [r.action, r.params])).toEqual([
      ['GetSessionToken', { SerialNumber: PHONE, TokenCode: '123456' }],
    ]);
    // Signed with alice's long-term key.
    expect(fake.requests[0]!.authorization).toContain('Credential=AKIAI44QH8DHBEXAMPLE/');
    expect(Object.fromEntries(valuesOf(parseIni(aws().readCredentials()), 'work-mfa')!)).toMatchObject({
      aws_access_key_id: 'ASIATERMINAL00000001',
      x_security_token_expires: EXPIRATION,
    });
  });

  test('a typo in the code asks again instead of ending the command', async () => {
    aws().writeConfig(`[profile work]\nmfa_serial = ${PHONE}\n`);
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();

    const run = await runOnTerminal(['session', '--profile', 'work'], await environment(fake), [
      { expect: `MFA code for ${PHONE}: `, type: '12345w\r' },
      { expect: `MFA code for ${PHONE}: `, type: '123 456\r' },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toContain('that is not six digits: type the code your app shows now');
    expect(fake.requests.map((r) => [r.action, r.params])).toEqual([
      ['GetSessionToken', { SerialNumber: PHONE, TokenCode: '123456' }],
    ]);
  });

  test('several devices: a numbered choice, asked again after a wrong answer, then the code', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();

    const run = await runOnTerminal(['session', '--profile', 'work'], await environment(fake), [
      { expect: 'Choose 1-2: ', type: '7\r' },
      { expect: 'Choose 1-2: ', type: '2\r' },
      { expect: `MFA code for ${TABLET}: `, type: '654321\r' },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toContain(`Several MFA devices are assigned to you:\n  1) ${PHONE}\n  2) ${TABLET}\n`);
    expect(run.screen).toContain('"7" is not a number from 1 to 2');
    expect(fake.requests.map((r) => r.action)).toEqual(['ListMFADevices', 'GetSessionToken']);
    expect(fake.requests[1]!.params).toEqual({ SerialNumber: TABLET, TokenCode: '654321' });
  });

  test('a wrong code: one line on the terminal, exit 1, the file unchanged', async () => {
    aws().writeConfig(`[profile work]\nmfa_serial = ${PHONE}\n`);
    aws().writeCredentials(CREDENTIALS_LF);

    const run = await runOnTerminal(
      ['session', '--profile', 'work'],
      await environment(fakeAws({ wrongCode: true })),
      [{ expect: 'MFA code for', type: '000000\r' }],
    );

    expect(run.code).toBe(1);
    expect(run.screen.trimEnd().split('\n').at(-1)).toBe(
      `orgmfa: the MFA code was not accepted for ${PHONE} (MultiFactorAuthentication failed with invalid MFA one time pass code.); nothing was written: run again with the next code`,
    );
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test('orgmfa seed shows the QR code and the URI, asks for a code, and deletes the parameter', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();
    const env = await environment(fake);

    // What the app shows now; the check accepts a 30-second window either side.
    const code = await generate({ secret: SEED });
    const run = await runOnTerminal(['seed', '--profile', 'work'], env, [
      { expect: 'Enter the code your app shows now, to confirm: ', type: `${code}\r` },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toMatch(/[▀▄█]{7}/);
    expect(run.screen).toContain(
      `otpauth://totp/Amazon%20Web%20Services:alice%40222222222222?secret=${SEED}`,
    );
    expect(fake.requests.map((r) => [r.action, r.params])).toEqual([
      ['GetCallerIdentity', {}],
      ['GetParameter', { Name: `/orgmfa/seed/${ALICE_ID}`, WithDecryption: true }],
      ['DeleteParameter', { Name: `/orgmfa/seed/${ALICE_ID}` }],
      // The pickup is recorded on the device orgmfa provisioned for alice, for the sweep (ORGMFA.4).
      ['ListMFADevices', {}],
      ['ListMFADeviceTags', { SerialNumber: PHONE }],
      ['ListMFADeviceTags', { SerialNumber: TABLET }],
      [
        'TagMFADevice',
        {
          SerialNumber: TABLET,
          'Tags.member.1.Key': 'orgmfa:seed-collected',
          'Tags.member.1.Value': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    ]);
  });

  test('orgmfa seed asks again after a code that does not match, and keeps the seed until one does', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();
    const env = await environment(fake);
    const code = await generate({ secret: SEED });
    const wrong = code === '000000' ? '111111' : '000000';

    const run = await runOnTerminal(['seed', '--profile', 'work'], env, [
      { expect: 'Enter the code your app shows now, to confirm: ', type: `${wrong}\r` },
      { expect: 'Enter the code your app shows now, to confirm: ', type: `${code}\r` },
    ]);

    expect(run.code).toBe(0);
    expect(run.screen).toContain('that code does not match: try the code your app shows now');
    expect(fake.requests.filter((r) => r.action === 'DeleteParameter')).toHaveLength(1);
  });

  test('orgmfa seed gives up after three codes that do not match, and keeps the seed', async () => {
    aws().writeCredentials(CREDENTIALS_LF);
    const fake = fakeAws();
    const env = await environment(fake);
    const code = await generate({ secret: SEED });
    const wrong = code === '000000' ? '111111' : '000000';
    const prompt = 'Enter the code your app shows now, to confirm: ';

    const run = await runOnTerminal(['seed', '--profile', 'work'], env, [
      { expect: prompt, type: `${wrong}\r` },
      { expect: prompt, type: `${wrong}\r` },
      { expect: prompt, type: `${wrong}\r` },
    ]);

    expect(run.code).toBe(1);
    expect(run.screen).toContain('that code does not match the seed, which was kept');
    expect(fake.requests.map((r) => r.action)).not.toContain('DeleteParameter');
  });
});
