import { simulate, type PolicyDocument } from './support/iam-simulation';
import { deployedSelfServicePolicy } from './support/deployed-policies';
import { ACCOUNTS, testConfig } from './support/test-config';
import { seedParameterName } from '../../functions/core/provisioning';

/**
 * The OrgMfaSelfService managed policy, as deployed from the member template, evaluated for IAM users
 * holding it: each user collects their own seed and no one else's, whatever their names hold, and
 * records the pickup only on the device orgmfa provisioned for them.
 */
describe('OrgMfaSelfService policy (IAM simulation)', () => {
  const config = testConfig();
  let policy: PolicyDocument;
  beforeAll(() => {
    policy = deployedSelfServicePolicy(config, ACCOUNTS.member);
  });

  /** An IAM user: a name IAM accepts, a path, and a unique id as IAM gives it. */
  interface User {
    readonly name: string;
    readonly path?: string;
    readonly id: string;
  }
  const BOB: User = { name: 'bob', id: 'AIDABOB0000000000001' };
  const ALICE: User = { name: 'alice', id: 'AIDAALICE00000000001' };

  const seedArn = (userId: string, region = config.hubRegion) =>
    `arn:aws:ssm:${region}:${ACCOUNTS.member}:parameter${seedParameterName(userId)}`;
  const userArn = (user: User) => `arn:aws:iam::${ACCOUNTS.member}:user${user.path ?? '/'}${user.name}`;

  function asUser(
    user: User,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
  ) {
    const principal = userArn(user);
    return simulate({
      principal,
      action,
      resource,
      resourceAccount: ACCOUNTS.member,
      context: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': ACCOUNTS.member,
        'aws:username': user.name,
        'aws:userid': user.id,
        ...context,
      },
      identityPolicies: [policy],
    });
  }

  // Each character IAM allows in a user name and SSM refuses in a parameter name, and the others.
  const SPECIAL: readonly User[] = ['+', '=', ',', '.', '@', '_', '-'].map((char, i) => ({
    name: `bob${char}ops${char === '@' ? 'example.com' : ''}`,
    id: `AIDASPECIAL00000000${i}`,
  }));

  test.each([BOB, ...SPECIAL, { name: 'b'.repeat(64), id: 'AIDALONG000000000001' }])(
    '$name may read and delete their own seed, named by their unique id',
    async (user) => {
      for (const action of ['ssm:GetParameter', 'ssm:DeleteParameter']) {
        expect((await asUser(user, action, seedArn(user.id))).result).toBe('Allowed');
      }
    },
  );

  test.each([BOB, ...SPECIAL])("$name may not read or delete alice's seed", async (user) => {
    for (const action of ['ssm:GetParameter', 'ssm:DeleteParameter']) {
      expect((await asUser(user, action, seedArn(ALICE.id))).result).toBe('ImplicitlyDenied');
    }
  });

  test('a user re-created under an old name (a new id) may not read the seed left for the user before it', async () => {
    const recreated: User = { name: 'bob', id: 'AIDABOB0000000000002' };
    expect((await asUser(recreated, 'ssm:GetParameter', seedArn(BOB.id))).result).toBe('ImplicitlyDenied');
    expect((await asUser(recreated, 'ssm:GetParameter', seedArn(recreated.id))).result).toBe('Allowed');
  });

  test.each([
    ['overwrite his own seed', 'ssm:PutParameter', seedArn(BOB.id)],
    ['read his seed in another region', 'ssm:GetParameter', seedArn(BOB.id, 'ap-south-1')],
    ['read a parameter below his seed', 'ssm:GetParameter', `${seedArn(BOB.id)}/extra`],
    // Seeds are not named after users any more: a name-named parameter is nobody's to read.
    [
      'read a parameter named after him',
      'ssm:GetParameter',
      `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/seed/bob`,
    ],
    [
      'list all seeds',
      'ssm:GetParametersByPath',
      `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/seed`,
    ],
    ["list alice's MFA devices", 'iam:ListMFADevices', userArn(ALICE)],
  ])('bob may not %s', async (_label, action, resource) => {
    expect((await asUser(BOB, action, resource)).result).toBe('ImplicitlyDenied');
  });

  test.each([BOB, { name: 'carol@example.com', path: '/engineering/team/', id: 'AIDACAROL00000000001' }])(
    '$name (path $path) may list their own MFA devices',
    async (user) => {
      expect((await asUser(user, 'iam:ListMFADevices', userArn(user))).result).toBe('Allowed');
    },
  );

  test('a user on a path may not list the devices of a user whose name ends like theirs', async () => {
    const bob = { name: 'bob', path: '/engineering/', id: BOB.id };
    const other = `arn:aws:iam::${ACCOUNTS.member}:user/engineering/xbob`;
    expect((await asUser(bob, 'iam:ListMFADevices', other)).result).toBe('ImplicitlyDenied');
  });

  describe('finding and tagging the provisioned device, whatever its name', () => {
    const device = (name: string) => `arn:aws:iam::${ACCOUNTS.member}:mfa/${name}`;
    /** The device's own tags, as IAM puts them in the request context. */
    const provisionedFor = (userId: string) => ({
      'aws:ResourceTag/orgmfa:user-id': userId,
      'aws:ResourceTag/orgmfa:managed': 'provisioned',
    });
    /** The request context of TagMFADevice with these tags. */
    const tags = (values: Record<string, string>) => ({
      'aws:TagKeys': Object.keys(values),
      ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    });
    const COLLECTED = { 'orgmfa:seed-collected': '2025-01-01T00:00:00.000Z' };

    test.each(['bob', 'corp-bob', 'mfa.bob+ops@example.com'])(
      'bob may read the tags of, and tag orgmfa:seed-collected, his own provisioned device named %s',
      async (name) => {
        const own = provisionedFor(BOB.id);
        expect((await asUser(BOB, 'iam:ListMFADeviceTags', device(name), own)).result).toBe('Allowed');
        expect(
          (await asUser(BOB, 'iam:TagMFADevice', device(name), { ...own, ...tags(COLLECTED) })).result,
        ).toBe('Allowed');
      },
    );

    test.each([
      ["alice's provisioned device", provisionedFor(ALICE.id)],
      ['a device orgmfa did not provision', { 'aws:ResourceTag/orgmfa:user-id': BOB.id }],
      ['a device without orgmfa tags', {}],
    ])('bob may neither read the tags of nor tag %s', async (_label, resourceTags) => {
      expect((await asUser(BOB, 'iam:ListMFADeviceTags', device('bob'), resourceTags)).result).toBe(
        'ImplicitlyDenied',
      );
      expect(
        (await asUser(BOB, 'iam:TagMFADevice', device('bob'), { ...resourceTags, ...tags(COLLECTED) }))
          .result,
      ).toBe('ImplicitlyDenied');
    });

    test.each([
      ['another key', { 'orgmfa:managed': 'provisioned' }],
      ['the first-seen key (the proof of an orphan age)', { 'orgmfa:first-seen': '2020-01-01T00:00:00Z' }],
      ['the user-id key (which says whose device it is)', { 'orgmfa:user-id': ALICE.id }],
      ['seed-collected together with another key', { ...COLLECTED, 'orgmfa:exempt': 'because' }],
    ])('bob may not tag his own provisioned device with %s', async (_label, values) => {
      const verdict = await asUser(BOB, 'iam:TagMFADevice', device('bob'), {
        ...provisionedFor(BOB.id),
        ...tags(values),
      });
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test('bob may not untag his device, nor tag his user', async () => {
      const untag = await asUser(BOB, 'iam:UntagMFADevice', device('bob'), {
        ...provisionedFor(BOB.id),
        'aws:TagKeys': ['orgmfa:seed-collected'],
      });
      const tagUser = await asUser(BOB, 'iam:TagUser', userArn(BOB), tags(COLLECTED));
      expect([untag.result, tagUser.result]).toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    });
  });
});
