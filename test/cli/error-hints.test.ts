import { hintFor } from '../../cli/error-hints';
import { credentialsFailure } from '../../cli/aws-sdk';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORGMFA_COMMAND, useTemporaryAwsHome } from './helpers/cli-harness';

const aws = useTemporaryAwsHome();

function withCode(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('hintFor', () => {
  test.each([
    [withCode('ENOENT', "ENOENT: no such file or directory, open 'x'"), 'does not exist: check the path'],
    [withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'check AWS_ENDPOINT_URL'],
    [withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid'), 'does not resolve'],
    [named('CredentialsProviderError', 'Could not load credentials from any providers'), 'pass --profile'],
    [named('ExecutionDoesNotExist', 'Execution Does Not Exist'), 'no such sweep execution'],
    [named('StateMachineDoesNotExist', 'State Machine Does Not Exist'), 'deploy OrgMfaHub'],
  ])('%s → a hint of what to do', (error, hint) => {
    expect(hintFor(error)).toContain(hint);
  });

  test('the credentials hint names whose credentials, when a profile was given', () => {
    const missing = named('CredentialsProviderError', 'Could not load credentials from any providers');

    expect(hintFor(missing, { who: 'profile work' })).toBe(
      'no AWS credentials were found for profile work: give that profile keys, a role, SSO or a credential_process, or sign in (aws sso login)',
    );
    expect(
      hintFor(named('InvalidClientTokenId', 'The security token included in the request is invalid.'), {
        who: 'profile work',
      }),
    ).toBe('AWS did not accept profile work: check its access key, or create a new one');
  });

  test('errors orgmfa does not know get no hint', () => {
    expect(hintFor(new Error('something else'))).toBeUndefined();
    expect(hintFor('not an error')).toBeUndefined();
  });
});

describe('credentialsFailure: the wrappers print the same hint as a bare error', () => {
  test.each([
    [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      undefined,
      'Could not load credentials from any providers; no AWS credentials were found: pass --profile, set AWS_PROFILE, or sign in (aws configure, aws sso login)',
    ],
    [
      named('InvalidClientTokenId', 'The security token included in the request is invalid.'),
      'the access keys of profile work',
      'The security token included in the request is invalid; AWS did not accept the access keys of profile work: check its access key, or create a new one',
    ],
    [
      named('ExpiredToken', 'The security token included in the request is expired'),
      'profile work-mfa',
      'The security token included in the request is expired; AWS says profile work-mfa expired: get new credentials (orgmfa session, aws sso login)',
    ],
  ])('%s as %s', (error, who, line) => {
    expect(credentialsFailure(error, who)?.message).toBe(line);
  });

  test('other errors are not credentials failures', () => {
    expect(credentialsFailure(named('AccessDenied', 'no'), undefined)).toBeUndefined();
  });
});

// The orgmfa process itself: under Jest, Node's own errors come from another realm and the SDK wraps them.
describe('an endpoint that does not answer', () => {
  test('orgmfa session says what to check, in one line, and exits 1', () => {
    // GIVEN keys, and AWS_ENDPOINT_URL pointing at a port where nothing listens
    aws().writeCredentials('[work]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n');
    const [node, ...entry] = ORGMFA_COMMAND;

    // WHEN
    const run = spawnSync(
      node!,
      [
        ...entry,
        'session',
        '--profile',
        'work',
        '--serial',
        'arn:aws:iam::222222222222:mfa/alice',
        '--code',
        '123456',
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_REGION: 'us-east-1',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
    );

    // THEN
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/ECONNREFUSED 127\.0\.0\.1:9.*check AWS_ENDPOINT_URL/);
  });
});

describe('no AWS credentials at all', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'orgmfa-empty-home-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  test.each([[['audit']], [['sweep', 'status']], [['orphans', 'list', '--account', '222222222222']]])(
    'orgmfa %j says what to do in one line, and exits 1',
    (args) => {
      // GIVEN an empty HOME and no AWS variable (the instance metadata service off: a CI host on EC2
      // would otherwise lend its instance role)
      const [node, ...entry] = ORGMFA_COMMAND;

      // WHEN
      const run = spawnSync(node!, [...entry, ...args, '--region', 'us-east-1'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
      });

      // THEN
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'orgmfa: Could not load credentials from any providers; no AWS credentials were found: pass --profile, set AWS_PROFILE, or sign in (aws configure, aws sso login)\n',
      );
      expect(run.status).toBe(1);
    },
  );
});
