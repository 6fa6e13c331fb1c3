import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAwsMfaProfile } from '../../cli/session/aws-mfa-config';
import { fromAwsMfaConfig } from '../../cli/session/run-session';
import { UsageError } from '../../cli/usage-error';

const dir = mkdtempSync(join(tmpdir(), 'orgmfa-aws-mfa-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// aws-mfa's ~/.aws/aws-mfa.yaml: profiles inherit from `default`.
const CONFIG = file(
  'aws-mfa.yaml',
  `---
default:
  account: 1234567890
  username: phil@veridiandynamics.com
  aws_profile: production
  expiry: 86400
staging:
  account: 3456789012
  aws_profile: staging
`,
);

describe("aws-mfa's configuration for orgmfa session --config", () => {
  test('the default profile gives the keys’ profile, the device (account padded to 12 digits) and the duration', () => {
    expect(readAwsMfaProfile(CONFIG)).toEqual({
      sourceProfile: 'production',
      serial: 'arn:aws:iam::001234567890:mfa/phil@veridiandynamics.com',
      duration: '86400',
    });
  });

  test('a named profile inherits what it does not set', () => {
    expect(readAwsMfaProfile(CONFIG, 'staging')).toEqual({
      sourceProfile: 'staging',
      serial: 'arn:aws:iam::003456789012:mfa/phil@veridiandynamics.com',
      duration: '86400',
    });
  });

  test('flags win over the file, and --profile then means the keys’ profile named in the file', () => {
    expect(
      fromAwsMfaConfig({ config: CONFIG, profile: 'staging', duration: '3600', output: 'text' }),
    ).toEqual({
      profile: 'staging',
      serial: 'arn:aws:iam::003456789012:mfa/phil@veridiandynamics.com',
      duration: '3600',
      output: 'text',
    });
  });

  test.each([
    ['an unknown profile', CONFIG, 'prod', `aws-mfa configuration ${CONFIG} has no profile "prod"`],
    [
      'no default profile',
      file('no-default.yaml', 'staging:\n  account: 1\n'),
      'staging',
      'has no "default" profile',
    ],
    [
      'no account',
      file('no-account.yaml', 'default:\n  username: a\n'),
      'default',
      'needs account and username (or mfa_arn)',
    ],
    ['not YAML', file('bad.yaml', 'default: [\n'), 'default', 'cannot read aws-mfa configuration'],
  ])('%s is a one-line usage error', (_label, path, profile, message) => {
    expect(() => readAwsMfaProfile(path, profile)).toThrow(UsageError);
    expect(() => readAwsMfaProfile(path, profile)).toThrow(message);
  });
});
