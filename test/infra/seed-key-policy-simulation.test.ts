import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialPasswordParameterName, seedParameterName } from '../../functions/core/provisioning';
import { seedKeyPolicy, type SeedKeyPolicyProps } from '../../infra/policies/seed-key-policy';
import { ALLOW_EVERYTHING, simulate, type PolicyDocument } from './support/iam-simulation';

/**
 * The key policy the README gives for a customer managed key that encrypts seeds, evaluated as the
 * key's resource policy.
 *
 * Limitation of @cloud-copilot/iam-simulate 0.1.173: it cannot evaluate `kms:EncryptionContext:<key>`
 * (it folds a condition key whose variable part follows a ":" into the key's template, so such a
 * condition never matches, not even a literal one). The policy is therefore simulated with those
 * conditions taken out, and the conditions themselves are checked apart against the seed parameters'
 * real ARNs.
 */
const ACCOUNT = '333333333333';
const REGION = 'eu-west-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PROPS: SeedKeyPolicyProps = {
  partition: 'aws',
  region: REGION,
  accountId: ACCOUNT,
  memberRoleName: 'OrgMfaMemberRole',
  keyAdministratorArns: [`arn:aws:iam::${ACCOUNT}:role/KeyAdministrator`],
};
const VIA_SSM = { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` };

type Statement = { Sid: string; Condition?: Record<string, Record<string, string>> };

/** The policy without its kms:EncryptionContext conditions, which the simulator cannot evaluate. */
function withoutEncryptionContext(policy: PolicyDocument): PolicyDocument {
  const statements = (policy.Statement as Statement[]).map((statement) => {
    if (statement.Condition === undefined) return statement;
    const condition = Object.fromEntries(
      Object.entries(statement.Condition)
        .map(([operator, keys]) => [
          operator,
          Object.fromEntries(
            Object.entries(keys).filter(([key]) => !key.startsWith('kms:EncryptionContext:')),
          ),
        ])
        .filter(([, keys]) => Object.keys(keys as object).length > 0),
    );
    return { ...statement, Condition: condition };
  });
  return { ...policy, Statement: statements };
}

/** A KMS call on the key by `principal` (with identity policies that would allow anything). */
function kms(principal: string, action: string, context: Record<string, string> = {}, props = PROPS) {
  const account = principal.split(':')[4]!;
  return simulate({
    principal,
    action,
    resource: KEY,
    resourceAccount: ACCOUNT,
    context: {
      'aws:PrincipalArn': principal.replace(
        /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/,
        'arn:aws:iam::$1:role/$2',
      ),
      'aws:PrincipalAccount': account,
      'kms:CallerAccount': account,
      ...context,
    },
    identityPolicies: [ALLOW_EVERYTHING],
    resourcePolicy: withoutEncryptionContext(seedKeyPolicy(props)),
  });
}

const user = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:user/${name}`;
const session = (role: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/someone`;

describe('the README key policy for a customer managed seed key (IAM simulation)', () => {
  test('an IAM user of the account may decrypt through SSM (whose seed: see the encryption context below)', async () => {
    expect((await kms(user('bob'), 'kms:Decrypt', VIA_SSM)).result).toBe('Allowed');
    expect((await kms(user('carol@example.com'), 'kms:Decrypt', VIA_SSM)).result).toBe('Allowed');
  });

  test.each([
    ['a read-only role session, even one its IAM policies allow everything', session('ReadOnly'), VIA_SSM],
    ['an administrator role session', session('Administrator'), VIA_SSM],
    ['the orgmfa member role', session('OrgMfaMemberRole'), VIA_SSM],
    ['the key administrator', session('KeyAdministrator'), VIA_SSM],
    ['an IAM user calling KMS directly, not through SSM', user('bob'), {}],
    ['an IAM user of another account', user('bob', '444444444444'), VIA_SSM],
  ])('%s may not decrypt', async (_label, principal, context) => {
    expect((await kms(principal, 'kms:Decrypt', context)).result).not.toBe('Allowed');
  });

  test('the member role may encrypt through SSM only', async () => {
    for (const action of ['kms:Encrypt', 'kms:GenerateDataKey']) {
      expect((await kms(session('OrgMfaMemberRole'), action, VIA_SSM)).result).toBe('Allowed');
      expect((await kms(session('OrgMfaMemberRole'), action)).result).not.toBe('Allowed');
      expect((await kms(user('bob'), action, VIA_SSM)).result).not.toBe('Allowed');
    }
  });

  test('the key administrator manages the key and nothing more', async () => {
    expect((await kms(session('KeyAdministrator'), 'kms:ScheduleKeyDeletion')).result).toBe('Allowed');
    for (const action of ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant']) {
      expect((await kms(session('KeyAdministrator'), action, VIA_SSM)).result).not.toBe('Allowed');
    }
  });

  test('named roles may decrypt initial passwords only when listed (setInitialPassword)', async () => {
    const helpdesk = session('Helpdesk');
    const withReaders = { ...PROPS, initialPasswordReaderArns: [`arn:aws:iam::${ACCOUNT}:role/Helpdesk`] };
    expect((await kms(helpdesk, 'kms:Decrypt', VIA_SSM, withReaders)).result).toBe('Allowed');
    expect((await kms(helpdesk, 'kms:Decrypt', VIA_SSM)).result).not.toBe('Allowed');
  });

  describe('the encryption context conditions, checked against the real parameter ARNs', () => {
    const conditions = Object.fromEntries(
      (
        seedKeyPolicy({ ...PROPS, initialPasswordReaderArns: ['arn:aws:iam::333333333333:role/Helpdesk'] })
          .Statement as Statement[]
      ).map((s) => [s.Sid, s.Condition!]),
    );
    const parameterArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
    /** IAM's StringLike: `*` matches any run of characters, everything else itself. */
    const like = (pattern: string, value: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
          .join('.*')}$`,
      ).test(value);

    test("a user decrypts exactly the seed parameter named by their own id: ${aws:userid} in place, it is the seed's ARN", () => {
      const condition =
        conditions.EachUserDecryptsOnlyTheirOwnSeed!.StringEquals!['kms:EncryptionContext:PARAMETER_ARN']!;
      const bob = 'AIDABOB0000000000001';
      expect(condition.replace('${aws:userid}', bob)).toBe(parameterArn(seedParameterName(bob)));
      expect(condition.replace('${aws:userid}', bob)).not.toBe(
        parameterArn(seedParameterName('AIDAALICE00000000001')),
      );
      // A role session's id (AROA…:session) never names a seed.
      expect(condition.replace('${aws:userid}', 'AROAREADONLY000000001:someone')).not.toMatch(/seed\/AIDA/);
    });

    test('the member role encrypts only orgmfa parameters: seeds and initial passwords', () => {
      const pattern =
        conditions.OrgMfaEncryptsSeedsThroughSsm!.StringLike!['kms:EncryptionContext:PARAMETER_ARN']!;
      expect(like(pattern, parameterArn(seedParameterName('AIDABOB0000000000001')))).toBe(true);
      expect(like(pattern, parameterArn(initialPasswordParameterName('AIDABOB0000000000001')))).toBe(true);
      expect(like(pattern, parameterArn('/app/db-password'))).toBe(false);
    });

    test('password readers decrypt initial passwords, never seeds', () => {
      const pattern =
        conditions.NamedRolesDecryptInitialPasswords!.StringLike!['kms:EncryptionContext:PARAMETER_ARN']!;
      expect(like(pattern, parameterArn(initialPasswordParameterName('AIDABOB0000000000001')))).toBe(true);
      expect(like(pattern, parameterArn(seedParameterName('AIDABOB0000000000001')))).toBe(false);
    });
  });

  test('the README shows exactly this policy', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- seed-key-policy -->\s*```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block!)).toEqual(
      seedKeyPolicy({
        partition: 'aws',
        region: '<hub-region>',
        accountId: '<account>',
        memberRoleName: 'OrgMfaMemberRole',
        keyAdministratorArns: ['arn:aws:iam::<account>:role/<key-administrator>'],
      }),
    );
  });
});
