import { hintFor } from '../../cli/error-hints';
import { spawnSync } from 'node:child_process';
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

  test('errors orgmfa does not know get no hint', () => {
    expect(hintFor(new Error('something else'))).toBeUndefined();
    expect(hintFor('not an error')).toBeUndefined();
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
