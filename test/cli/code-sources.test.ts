import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCodeCommand } from '../../cli/session/code-command';
import { CREDENTIALS_LF } from './helpers/aws-files';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';
import { cacheEntries } from './helpers/credential-cache';
import { useFakeExecutables } from './helpers/fake-executables';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const aws = useTemporaryAwsHome();
const bin = useFakeExecutables();

const SERIAL = 'arn:aws:iam::222222222222:mfa/alice-phone';
const ADMIN = 'arn:aws:iam::333333333333:role/Admin';
const EXPIRATION = new Date(Date.now() + 12 * 3600_000);
const SESSION = {
  AccessKeyId: 'ASIACODESOURCE000001',
  SecretAccessKey: 'code/source/secret',
  SessionToken: 'code-source-token',
  Expiration: EXPIRATION,
};
/** What a password manager might print instead of a code: a whole entry, seed included. */
const ENTRY_WITH_SEED = 'otpauth://totp/AWS:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=AWS';

function config(mfaProcess?: string): string {
  return [
    '[profile work]',
    `mfa_serial = ${SERIAL}`,
    ...(mfaProcess === undefined ? [] : [`mfa_process = ${mfaProcess}`]),
    '',
    '[profile work-admin]',
    `role_arn = ${ADMIN}`,
    'source_profile = work',
    '',
  ].join('\n');
}

beforeEach(() => {
  sts.reset();
  iam.reset();
  sts.on(GetSessionTokenCommand).resolves({ Credentials: SESSION });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { ...SESSION, AccessKeyId: 'ASIAROLE', Expiration: new Date(Date.now() + 3600_000) },
  });
  aws().writeCredentials(CREDENTIALS_LF);
});

/** The run failed with exactly `message`, nothing was sent to STS and nothing was written. */
function expectRefused(run: { code: number; stdout: string; stderr: string }, message: string): void {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `orgmfa: ${message}\n` });
  expect(sts.calls()).toHaveLength(0);
  expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  expect(cacheEntries(aws().home)).toEqual([]);
}

describe('mfa_process: a command in the profile prints the code', () => {
  test('its code goes to GetSessionToken; what it says on standard error reaches the person', async () => {
    bin().add('fakepass', `echo 'unlocking the vault' >&2\necho ' 246810 '`);
    aws().writeConfig(config('fakepass otp aws/work | cat'));

    const run = await orgmfa(['session', '--profile', 'work']);

    expect(run).toMatchObject({ code: 0, stderr: 'unlocking the vault\n' });
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, {
      SerialNumber: SERIAL,
      TokenCode: '246810',
    });
    expect(bin().argumentsOf('fakepass')).toEqual(['otp', 'aws/work']);
  });

  test('credential-process gets a new MFA session through it, with no terminal at all', async () => {
    bin().add('fakepass', 'echo 135790');
    aws().writeConfig(config('fakepass otp aws/work'));

    const run = await orgmfa(['credential-process', '--profile', 'work']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: SESSION.AccessKeyId });
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { TokenCode: '135790' });
  });

  test("a role profile uses its source profile's mfa_process", async () => {
    bin().add('fakepass', 'echo 135790');
    aws().writeConfig(config('fakepass otp aws/work'));

    const run = await orgmfa(['credential-process', '--profile', 'work-admin']);

    expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: 'ASIAROLE' });
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { TokenCode: '135790' });
  });

  test('it fails: one line naming it, never what it printed', async () => {
    bin().add('fakepass', `echo '${ENTRY_WITH_SEED}'\necho 'vault is locked' >&2\nexit 3`);
    aws().writeConfig(config('fakepass otp aws/work'));

    const run = await orgmfa(['session', '--profile', 'work']);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'vault is locked\norgmfa: the MFA code source `fakepass` (mfa_process of profile work) failed with exit code 3; nothing was sent to AWS\n',
    });
    expect(sts.calls()).toHaveLength(0);
    expect(aws().readCredentials().toString()).toBe(CREDENTIALS_LF);
  });

  test.each([
    ['a whole entry with the seed', ENTRY_WITH_SEED],
    ['a code with a word', 'code: 123456'],
    ['eight digits', '12345678'],
    ['nothing', ''],
    ['two codes', '123456\n654321'],
  ])('it prints %s: one line, the output not shown', async (_label, output) => {
    bin().add('fakepass', `printf '%s\\n' '${output.replace(/\n/g, "' '")}'`);
    aws().writeConfig(config('fakepass otp aws/work'));

    expectRefused(
      await orgmfa(['session', '--profile', 'work']),
      'the MFA code source `fakepass` (mfa_process of profile work) printed something other than a six-digit code (not shown: it may be a secret); nothing was sent to AWS',
    );
  });

  test('a command line holding a seed is named by its program only', async () => {
    bin().add('oathtool', 'exit 1');
    aws().writeConfig(config('oathtool --totp -b JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'));

    const run = await orgmfa(['credential-process', '--profile', 'work']);

    expectRefused(
      run,
      'the MFA code source `oathtool` (mfa_process of profile work) failed with exit code 1; nothing was sent to AWS',
    );
    expect(run.stderr).not.toContain('JBSWY3DP');
  });

  test('a command that does not exist', async () => {
    aws().writeConfig(config('no-such-password-manager otp'));
    const run = await orgmfa(['session', '--profile', 'work']);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'orgmfa: the MFA code source `no-such-password-manager` (mfa_process of profile work) failed with exit code 127 (command not found); nothing was sent to AWS',
    );
    expect(sts.calls()).toHaveLength(0);
  });

  test('--code on the command line wins over mfa_process', async () => {
    bin().add('fakepass', 'exit 9');
    aws().writeConfig(config('fakepass otp aws/work'));
    expect((await orgmfa(['session', '--profile', 'work', '--code', '112233'])).code).toBe(0);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { TokenCode: '112233' });
  });
});

describe('--code-from ykman: a YubiKey OATH account', () => {
  beforeEach(() => aws().writeConfig(config()));

  test('ykman oath accounts code --single, the account named by the device serial', async () => {
    bin().add('ykman', `echo 'Touch your YubiKey...' >&2\necho 424242`);

    const run = await orgmfa(['session', '--profile', 'work', '--code-from', 'ykman']);

    expect(run).toMatchObject({ code: 0, stderr: 'Touch your YubiKey...\n' });
    expect(bin().argumentsOf('ykman')).toEqual(['oath', 'accounts', 'code', '--single', SERIAL]);
    expect(sts).toHaveReceivedCommandWith(GetSessionTokenCommand, { TokenCode: '424242' });
  });

  test('--ykman-account names the account', async () => {
    bin().add('ykman', 'echo 424242');
    await orgmfa([
      'session',
      '--profile',
      'work',
      '--code-from',
      'ykman',
      '--ykman-account',
      'AWS:alice@work',
    ]);
    expect(bin().argumentsOf('ykman')).toEqual(['oath', 'accounts', 'code', '--single', 'AWS:alice@work']);
  });

  test('no matching account (ykman fails): one line', async () => {
    bin().add('ykman', `echo 'Error: No matching account found.' >&2\nexit 2`);
    const run = await orgmfa(['credential-process', '--profile', 'work-admin', '--code-from', 'ykman']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: No matching account found.\norgmfa: the MFA code source `ykman` failed with exit code 2; nothing was sent to AWS\n',
    });
    expect(sts.calls()).toHaveLength(0);
  });

  test('several accounts listed instead of one code: refused, not guessed', async () => {
    bin().add('ykman', `echo 'AWS:alice  123456'\necho 'AWS:bob    654321'`);
    expectRefused(
      await orgmfa(['session', '--profile', 'work', '--code-from', 'ykman']),
      'the MFA code source `ykman` printed something other than a six-digit code (not shown: it may be a secret); nothing was sent to AWS',
    );
  });

  test('ykman ends by a signal', async () => {
    bin().add('ykman', 'kill -TERM $$');
    expectRefused(
      await orgmfa(['session', '--profile', 'work', '--code-from', 'ykman']),
      'the MFA code source `ykman` was ended by SIGTERM; nothing was sent to AWS',
    );
  });

  test('ykman is there but cannot be run', async () => {
    bin().add('ykman', 'echo 123456');
    chmodSync(join(bin().directory, 'ykman'), 0o644);
    expectRefused(
      await orgmfa(['session', '--profile', 'work', '--code-from', 'ykman']),
      'the MFA code source `ykman` could not run (EACCES); nothing was sent to AWS',
    );
  });

  test('ykman is not installed', async () => {
    process.env.PATH = bin().directory;
    expectRefused(
      await orgmfa(['session', '--profile', 'work', '--code-from', 'ykman']),
      'the MFA code source `ykman` is not installed (not found on PATH); nothing was sent to AWS',
    );
  });

  test.each([
    [['--code', '123456', '--code-from', 'ykman'], '--code and --code-from exclude each other'],
    [['--code-stdin', '--code-from', 'ykman'], '--code-stdin and --code-from exclude each other'],
    [['--ykman-account', 'x'], '--ykman-account goes with --code-from ykman'],
    [['--code-from', 'yubikey'], "error: option '--code-from <source>' argument 'yubikey' is invalid"],
  ])('%j is a usage error', async (flags, message) => {
    const run = await orgmfa(['session', '--profile', 'work', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(sts.calls()).toHaveLength(0);
  });
});

test('a code source that hangs is ended after the time limit, with one line', async () => {
  bin().add('slowpass', 'sleep 30; echo 123456');
  const stderr = new PassThrough();
  const started = Date.now();

  await expect(
    runCodeCommand({ file: 'slowpass', args: [], label: '`slowpass`' }, stderr, 300),
  ).rejects.toMatchObject({
    name: 'CommandFailed',
    message: 'the MFA code source `slowpass` did not print a code within 0.3 s; nothing was sent to AWS',
  });
  // It did not wait for the command (30 s) to end.
  expect(Date.now() - started).toBeLessThan(20_000);
});
