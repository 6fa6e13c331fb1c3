import { simulate, type PolicyDocument } from './support/iam-simulation';
import { deployedSelfServicePolicy } from './support/deployed-policies';
import { ACCOUNTS, testConfig } from './support/test-config';

/**
 * The OrgMfaSelfService managed policy, as deployed from the member template, evaluated for an IAM
 * user holding it: each user collects their own seed and no one else's.
 */
describe('OrgMfaSelfService policy (IAM simulation)', () => {
  const config = testConfig();
  let policy: PolicyDocument;
  beforeAll(() => {
    policy = deployedSelfServicePolicy(config, ACCOUNTS.member);
  });

  const seed = (user: string, region = config.hubRegion) =>
    `arn:aws:ssm:${region}:${ACCOUNTS.member}:parameter/orgmfa/seed/${user}`;

  function asUser(
    user: string,
    action: string,
    resource: string,
    resourceAccount: string = ACCOUNTS.member,
    context: Record<string, string | string[]> = {},
  ) {
    const principal = `arn:aws:iam::${ACCOUNTS.member}:user/${user}`;
    return simulate({
      principal,
      action,
      resource,
      resourceAccount,
      context: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': ACCOUNTS.member,
        'aws:username': user,
        ...context,
      },
      identityPolicies: [policy],
    });
  }

  test.each(['ssm:GetParameter', 'ssm:DeleteParameter'])('bob may %s his own seed', async (action) => {
    expect((await asUser('bob', action, seed('bob'))).result).toBe('Allowed');
  });

  test.each(['ssm:GetParameter', 'ssm:DeleteParameter'])("bob may not %s alice's seed", async (action) => {
    expect((await asUser('bob', action, seed('alice'))).result).toBe('ImplicitlyDenied');
  });

  test.each([
    ['overwrite his own seed', 'ssm:PutParameter', seed('bob')],
    ['read a seed in another region', 'ssm:GetParameter', seed('bob', 'ap-south-1')],
    [
      'read another parameter',
      'ssm:GetParameter',
      `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/seed/bob/extra`,
    ],
    [
      'list all seeds',
      'ssm:GetParametersByPath',
      `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/seed`,
    ],
    ["list alice's MFA devices", 'iam:ListMFADevices', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
  ])('bob may not %s', async (_label, action, resource) => {
    expect((await asUser('bob', action, resource)).result).toBe('ImplicitlyDenied');
  });

  test('bob may list his own MFA devices', async () => {
    expect(
      (await asUser('bob', 'iam:ListMFADevices', `arn:aws:iam::${ACCOUNTS.member}:user/bob`)).result,
    ).toBe('Allowed');
  });

  describe('recording the pickup (iam:TagMFADevice)', () => {
    const device = (name: string) => `arn:aws:iam::${ACCOUNTS.member}:mfa/${name}`;
    /** The request context of TagMFADevice with these tags. */
    const tags = (values: Record<string, string>) => ({
      'aws:TagKeys': Object.keys(values),
      ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    });
    const COLLECTED = { 'orgmfa:seed-collected': '2025-01-01T00:00:00.000Z' };

    test('bob may tag his own device orgmfa:seed-collected', async () => {
      const verdict = await asUser(
        'bob',
        'iam:TagMFADevice',
        device('bob'),
        ACCOUNTS.member,
        tags(COLLECTED),
      );
      expect(verdict.result).toBe('Allowed');
    });

    test.each([
      ['another key', { 'orgmfa:managed': 'provisioned' }],
      ['the first-seen key (the proof of an orphan age)', { 'orgmfa:first-seen': '2020-01-01T00:00:00Z' }],
      ['seed-collected together with another key', { ...COLLECTED, 'orgmfa:exempt': 'because' }],
    ])('bob may not tag his own device with %s', async (_label, values) => {
      const verdict = await asUser('bob', 'iam:TagMFADevice', device('bob'), ACCOUNTS.member, tags(values));
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test("bob may not mark alice's seed as collected", async () => {
      const verdict = await asUser(
        'bob',
        'iam:TagMFADevice',
        device('alice'),
        ACCOUNTS.member,
        tags(COLLECTED),
      );
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test('bob may not untag his device, nor tag his user', async () => {
      const untag = await asUser('bob', 'iam:UntagMFADevice', device('bob'), ACCOUNTS.member, {
        'aws:TagKeys': ['orgmfa:seed-collected'],
      });
      const tagUser = await asUser(
        'bob',
        'iam:TagUser',
        `arn:aws:iam::${ACCOUNTS.member}:user/bob`,
        ACCOUNTS.member,
        tags(COLLECTED),
      );
      expect([untag.result, tagUser.result]).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    });
  });
});
