import { guardrailScpContent, type GuardrailPart } from '../../functions/core/guardrail/guardrail-policies';
import { deployedRequireMfaPolicy } from './support/deployed-policies';
import { ALLOW_EVERYTHING, simulate, type PolicyDocument } from './support/iam-simulation';
import { synthOrgMfa, type TemplateResource } from './support/synth';
import { ACCOUNTS, testConfig } from './support/test-config';

/**
 * Proof by policy evaluation: the guardrail's SCPs (as the guardrail function makes them from the hub
 * template's custom resources) and the OrgMfaRequireMfa managed policy (as the member template deploys
 * it), evaluated with @cloud-copilot/iam-simulate for users with and without MFA, exempt or not, and
 * for roles, federated users and root. The identity policy allows everything, so that what is denied
 * is denied by the guardrail alone.
 */

const ACCOUNT = ACCOUNTS.member;
const OU = 'ou-ab12-abcdefgh';
const ROOT = 'r-ab12';
const config = testConfig({
  guardrail: { organizationalUnitIds: [OU] },
  provisioning: { deviceNameTemplate: 'mfa-{userName}' },
});

/** When the time-boxed SCP was generated (its last refresh), and now. */
const GENERATED = new Date('2025-06-13T00:01:00Z');
const NOW = '2025-06-13T15:00:00Z';

const FULL_AWS_ACCESS: PolicyDocument = ALLOW_EVERYTHING;

/** The guardrail's custom resources, synthesized once. */
let policyResources: TemplateResource[] | undefined;

/** The two SCPs as the function creates them from the synthesized custom resources' properties. */
function deployedScps(generated: Date): PolicyDocument[] {
  policyResources ??= Object.values(
    synthOrgMfa(config).hub.findResources('Custom::OrgMfaGuardrailPolicy'),
  ) as TemplateResource[];
  return policyResources.map((resource) => {
    const { Part, Partition, DeviceNameTemplate } = resource.Properties as Record<string, string>;
    const content = guardrailScpContent(
      Part as GuardrailPart,
      { partition: Partition!, deviceNameTemplate: DeviceNameTemplate! },
      generated,
    );
    return JSON.parse(content) as PolicyDocument;
  });
}

/** The managed policy as the member template deploys it, resolved once. */
let managedPolicy: PolicyDocument | undefined;

const arn = {
  user: (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:user${path}${name}`,
  device: (name: string) => `arn:aws:iam::${ACCOUNT}:mfa/${name}`,
  parameter: (name: string) => `arn:aws:ssm:${config.hubRegion}:${ACCOUNT}:parameter${name}`,
};

/** Who calls: the request context AWS builds for them. */
interface Caller {
  readonly principal: string;
  readonly context: Record<string, string | string[]>;
}

const BOB_ID = 'AIDABOB0000000000001';
const ALICE_ID = 'AIDAALICE00000000001';

/**
 * IAM user bob. `mfa`: `absent` for long-term access keys (no aws:MultiFactorAuthPresent at all),
 * `false` for a console session without MFA, `true` for an MFA session.
 */
function bob(mfa: 'absent' | 'false' | 'true', tags: Record<string, string> = {}, path = '/'): Caller {
  const principal = arn.user('bob', path);
  return {
    principal,
    context: {
      'aws:PrincipalArn': principal,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'User',
      'aws:username': 'bob',
      'aws:userid': BOB_ID,
      ...(mfa === 'absent' ? {} : { 'aws:MultiFactorAuthPresent': mfa }),
      ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value])),
    },
  };
}

/** Principals the guardrail never touches, without MFA. */
const OTHERS: Record<string, Caller> = {
  'a role session': {
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/bob`,
    context: {
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Admin`,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROAADMIN0000000001:bob',
      'aws:MultiFactorAuthPresent': 'false',
    },
  },
  'a federated user': {
    principal: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
    context: {
      'aws:PrincipalArn': `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'FederatedUser',
      'aws:userid': `${ACCOUNT}:bob`,
      'aws:MultiFactorAuthPresent': 'false',
    },
  },
  root: {
    principal: `arn:aws:iam::${ACCOUNT}:root`,
    context: {
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:root`,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'Account',
      'aws:userid': ACCOUNT,
    },
  },
};

/** A request: an action on a resource, with the resource's own context keys. */
type Request = readonly [action: string, resource: string, context?: Record<string, string | string[]>];

/**
 * The seed's key, and how AWS calls KMS for a SecureString: SSM decrypts it on the caller's behalf, a
 * forward access session that carries the caller's identity, with aws:ViaAWSService true.
 */
const SEED_KEY = `arn:aws:kms:${config.hubRegion}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VIA_SSM = {
  'aws:ViaAWSService': 'true',
  'aws:CalledVia': ['ssm.amazonaws.com'],
  'kms:ViaService': `ssm.${config.hubRegion}.amazonaws.com`,
};

/**
 * KMS authorizes nothing without its key policy: the default key policy, which lets the account's IAM
 * policies decide, so that what is denied is denied by the guardrail alone.
 */
const DEFAULT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
  ],
};
const resourcePolicyOf = (resource: string) =>
  resource === SEED_KEY ? { resourcePolicy: DEFAULT_KEY_POLICY } : {};

const provisionedFor = (userId: string) => ({
  'aws:ResourceTag/orgmfa:user-id': userId,
  'aws:ResourceTag/orgmfa:managed': 'provisioned',
});

/** What the guardrail must deny a user without MFA (and allow them with MFA). */
const BEYOND_MFA_SETUP: Record<string, Request> = {
  's3:ListAllMyBuckets': ['s3:ListAllMyBuckets', '*'],
  'iam:CreateUser': ['iam:CreateUser', arn.user('mallory')],
  'ec2:DescribeInstances': ['ec2:DescribeInstances', '*'],
  'deactivating his own device': ['iam:DeactivateMFADevice', arn.user('bob')],
  'a new access key for himself': ['iam:CreateAccessKey', arn.user('bob')],
  'tagging himself exempt': ['iam:TagUser', arn.user('bob'), { 'aws:TagKeys': 'orgmfa:exempt' }],
  'deleting his device': ['iam:DeleteVirtualMFADevice', arn.device('mfa-bob')],
  'reading an application secret': ['ssm:GetParameter', arn.parameter('/app/db-password')],
  'decrypting with the seed key himself (not through a service)': [
    'kms:Decrypt',
    SEED_KEY,
    { 'aws:ViaAWSService': 'false' },
  ],
};

/** What a user without MFA needs to get MFA, on his own things. */
const OWN_MFA_SETUP: Record<string, Request> = {
  'creating his device, named by the template': ['iam:CreateVirtualMFADevice', arn.device('mfa-bob')],
  'enabling a device for himself': ['iam:EnableMFADevice', arn.user('bob')],
  'resyncing his device': ['iam:ResyncMFADevice', arn.user('bob')],
  'listing his devices': ['iam:ListMFADevices', arn.user('bob')],
  'reading his user': ['iam:GetUser', arn.user('bob')],
  'changing his password at first sign-in': ['iam:ChangePassword', arn.user('bob')],
  'reading the password policy': ['iam:GetAccountPasswordPolicy', '*'],
  'listing virtual devices (console)': ['iam:ListVirtualMFADevices', '*'],
  'picking up his seed': ['ssm:GetParameter', arn.parameter(`/orgmfa/seed/${BOB_ID}`)],
  'SSM decrypting his seed on his behalf (kms:Decrypt, a forward access session)': [
    'kms:Decrypt',
    SEED_KEY,
    VIA_SSM,
  ],
  'deleting his seed once collected': ['ssm:DeleteParameter', arn.parameter(`/orgmfa/seed/${BOB_ID}`)],
  'reading the tags of his provisioned device': [
    'iam:ListMFADeviceTags',
    arn.device('mfa-bob'),
    provisionedFor(BOB_ID),
  ],
  'recording his pickup': ['iam:TagMFADevice', arn.device('mfa-bob'), provisionedFor(BOB_ID)],
  'sts:GetSessionToken': ['sts:GetSessionToken', '*'],
  'sts:GetCallerIdentity': ['sts:GetCallerIdentity', '*'],
};

/** The same setup actions on someone else's user or device: never without MFA. */
const SOMEONE_ELSES: Record<string, Request> = {
  "creating alice's device": ['iam:CreateVirtualMFADevice', arn.device('mfa-alice')],
  'creating a device under another name than the template gives': [
    'iam:CreateVirtualMFADevice',
    arn.device('bob'),
  ],
  'enabling a device for alice': ['iam:EnableMFADevice', arn.user('alice')],
  "resyncing alice's device": ['iam:ResyncMFADevice', arn.user('alice')],
  "deactivating alice's device": ['iam:DeactivateMFADevice', arn.user('alice')],
  "listing alice's devices": ['iam:ListMFADevices', arn.user('alice')],
  "changing alice's password": ['iam:ChangePassword', arn.user('alice')],
  "reading alice's seed": ['ssm:GetParameter', arn.parameter(`/orgmfa/seed/${ALICE_ID}`)],
  "recording a pickup on alice's device": [
    'iam:TagMFADevice',
    arn.device('mfa-alice'),
    provisionedFor(ALICE_ID),
  ],
  'reading the tags of a device orgmfa did not provision': ['iam:ListMFADeviceTags', arn.device('mfa-bob')],
  "enabling a device for alice, through a service (the exception for forward access sessions is the first statement's only)":
    ['iam:EnableMFADevice', arn.user('alice'), { 'aws:ViaAWSService': 'true' }],
};

/** One way the guardrail is deployed: how a request is evaluated. */
interface Flavour {
  readonly name: string;
  evaluate(caller: Caller, request: Request, now?: string, generated?: Date): Promise<string>;
}

const SCP: Flavour = {
  name: 'the SCPs',
  async evaluate(caller, [action, resource, context = {}], now = NOW, generated = GENERATED) {
    const verdict = await simulate({
      principal: caller.principal,
      action,
      resource,
      resourceAccount: ACCOUNT,
      context: { ...caller.context, ...context, 'aws:CurrentTime': now },
      identityPolicies: [ALLOW_EVERYTHING],
      ...resourcePolicyOf(resource),
      serviceControlPolicies: [
        { target: ROOT, policies: [FULL_AWS_ACCESS] },
        { target: OU, policies: [FULL_AWS_ACCESS, ...deployedScps(generated)] },
        { target: ACCOUNT, policies: [FULL_AWS_ACCESS] },
      ],
    });
    return verdict.result;
  },
};

const MANAGED: Flavour = {
  name: 'the OrgMfaRequireMfa managed policy',
  async evaluate(caller, [action, resource, context = {}], now = NOW) {
    const verdict = await simulate({
      principal: caller.principal,
      action,
      resource,
      resourceAccount: ACCOUNT,
      context: { ...caller.context, ...context, 'aws:CurrentTime': now },
      identityPolicies: [ALLOW_EVERYTHING, (managedPolicy ??= deployedRequireMfaPolicy(config, ACCOUNT))],
      ...resourcePolicyOf(resource),
    });
    return verdict.result;
  },
};

const rows = (requests: Record<string, Request>) => Object.entries(requests);

describe.each([SCP, MANAGED])('$name (IAM simulation)', (flavour) => {
  describe.each([
    ['long-term access keys (no MFA key at all)', 'absent' as const],
    ['a console session without MFA', 'false' as const],
  ])('bob, with %s', (_how, mfa) => {
    test.each(rows(BEYOND_MFA_SETUP))('is denied %s', async (_label, request) => {
      expect(await flavour.evaluate(bob(mfa), request)).toBe('ExplicitlyDenied');
    });

    test.each(rows(OWN_MFA_SETUP))('may go on %s', async (_label, request) => {
      expect(await flavour.evaluate(bob(mfa), request)).toBe('Allowed');
    });

    test.each(rows(SOMEONE_ELSES))('is denied %s', async (_label, request) => {
      expect(await flavour.evaluate(bob(mfa), request)).toBe('ExplicitlyDenied');
    });
  });

  describe('bob, with an MFA session', () => {
    test.each(rows({ ...BEYOND_MFA_SETUP, ...OWN_MFA_SETUP, ...SOMEONE_ELSES }))(
      'may do %s, as his identity policy allows',
      async (_label, request) => {
        expect(await flavour.evaluate(bob('true'), request)).toBe('Allowed');
      },
    );
  });

  describe('bob on a path (/engineering/)', () => {
    test('enrols for himself, not for a user whose name ends like his', async () => {
      const onPath = bob('absent', {}, '/engineering/');
      expect(await flavour.evaluate(onPath, ['iam:EnableMFADevice', arn.user('bob', '/engineering/')])).toBe(
        'Allowed',
      );
      expect(await flavour.evaluate(onPath, ['iam:EnableMFADevice', arn.user('xbob', '/engineering/')])).toBe(
        'ExplicitlyDenied',
      );
    });
  });

  describe('exemptions (bob without MFA)', () => {
    const work: Request = ['s3:ListAllMyBuckets', '*'];
    const secret: Request = ['ssm:GetParameter', arn.parameter('/app/db-password')];

    test.each([
      ['with a reason and no end', { 'orgmfa:exempt': 'CI user, ticket SEC-12' }],
      ['with a reason that has spaces inside and after', { 'orgmfa:exempt': 'legacy batch job ' }],
    ])('an exemption %s lets him through, on anything', async (_label, tags) => {
      expect(await flavour.evaluate(bob('absent', tags), work)).toBe('Allowed');
      expect(await flavour.evaluate(bob('absent', tags), secret)).toBe('Allowed');
    });

    test.each([
      ['empty', ''],
      ['a space', ' '],
      ['an ideographic space', '\u3000'],
      ['no-break spaces', '\u00a0\u00a0'],
      ['a reason after a space', ' legacy'],
    ])('an exemption whose reason is %s does not count', async (_label, reason) => {
      expect(await flavour.evaluate(bob('absent', { 'orgmfa:exempt': reason }), work)).toBe(
        'ExplicitlyDenied',
      );
    });

    test.each([
      ['yesterday', '2025-06-12'],
      ['yesterday, as a timestamp', '2025-06-12T23:59:59Z'],
      ['not a date', 'end of June'],
    ])('an exemption that ended %s: denied, but he can still enrol his own device', async (_label, until) => {
      const expired = bob('absent', { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': until });
      expect(await flavour.evaluate(expired, work)).toBe('ExplicitlyDenied');
      expect(await flavour.evaluate(expired, OWN_MFA_SETUP['enabling a device for himself']!)).toBe(
        'Allowed',
      );
      expect(await flavour.evaluate(expired, SOMEONE_ELSES['enabling a device for alice']!)).toBe(
        'ExplicitlyDenied',
      );
    });
  });

  describe.each(Object.entries(OTHERS))('%s without MFA is never affected', (_label, caller) => {
    test.each(rows({ ...BEYOND_MFA_SETUP, ...SOMEONE_ELSES }))('%s', async (_request, request) => {
      expect(await flavour.evaluate(caller, request)).toBe('Allowed');
    });
  });
});

describe('time-boxed exemptions: honoured by the SCPs, not by the managed policy', () => {
  const work: Request = ['s3:ListAllMyBuckets', '*'];
  const until = (day: string) => bob('absent', { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': day });

  test.each([
    ['today', '2025-06-13'],
    ['today, as a timestamp', '2025-06-13T18:00:00Z'],
    ['next month', '2025-07-31'],
    ['at the end of the horizon (twelve months ahead)', '2026-06-30'],
  ])('an exemption until %s is in force: the SCPs let him through', async (_label, day) => {
    expect(await SCP.evaluate(until(day), work)).toBe('Allowed');
  });

  test('an exemption beyond the horizon is not honoured by the SCPs (use no end date instead)', async () => {
    expect(await SCP.evaluate(until('2026-07-01'), work)).toBe('ExplicitlyDenied');
  });

  test('the managed policy, which nothing refreshes, honours no time-boxed exemption, in force or not', async () => {
    expect(await MANAGED.evaluate(until('2025-06-13'), work)).toBe('ExplicitlyDenied');
    expect(await MANAGED.evaluate(until('2026-06-30'), work)).toBe('ExplicitlyDenied');
    // Permanent exemptions stay honoured.
    expect(await MANAGED.evaluate(bob('absent', { 'orgmfa:exempt': 'CI user' }), work)).toBe('Allowed');
  });

  test('the day after the last refresh, an exemption that ended then is still honoured (the refresh is overdue and alarmed)', async () => {
    // GIVEN SCPs last refreshed on the 12th, and an exemption until the 12th
    const lastRefresh = new Date('2025-06-12T00:01:00Z');
    // WHEN it is the 13th, THEN the stale SCP still honours it, for the one day before it ends them all
    expect(await SCP.evaluate(until('2025-06-12'), work, '2025-06-13T15:00:00Z', lastRefresh)).toBe(
      'Allowed',
    );
  });

  test('SCPs not refreshed for two days honour no time-boxed exemption; permanent ones stay', async () => {
    const lastRefresh = new Date('2025-06-11T00:01:00Z');
    const stale = '2025-06-13T00:00:01Z';
    expect(await SCP.evaluate(until('2025-06-30'), work, stale, lastRefresh)).toBe('ExplicitlyDenied');
    expect(await SCP.evaluate(until('2025-06-30'), work, '2025-06-12T23:59:59Z', lastRefresh)).toBe(
      'Allowed',
    );
    expect(await SCP.evaluate(bob('absent', { 'orgmfa:exempt': 'CI user' }), work, stale, lastRefresh)).toBe(
      'Allowed',
    );
  });
});
