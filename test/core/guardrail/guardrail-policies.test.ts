import { provisioningSchema } from '../../../functions/core/config';
import { BLANK_REASON_PATTERNS, untilPatterns } from '../../../functions/core/guardrail/exemption-patterns';
import {
  policyBytes,
  policyContent,
  requireMfaManagedPolicy,
  ruleScp,
  SCP_MAX_BYTES,
  staleFrom,
  timeBoxedScp,
  type GuardrailDocument,
} from '../../../functions/core/guardrail/guardrail-policies';
import {
  ALL_MFA_SETUP_ACTIONS,
  ownDeviceName,
  type GuardrailScope,
} from '../../../functions/core/guardrail/require-mfa-statements';

const SCOPE: GuardrailScope = { partition: 'aws', ownDeviceName: ownDeviceName('{userName}') };
const NOW = new Date('2025-06-13T10:00:00Z');
const UNTIL = 'aws:PrincipalTag/orgmfa:exempt-until';
const DAY_MS = 86_400_000;

const sids = (policy: GuardrailDocument) => policy.Statement.map((s) => s.Sid);

/** The largest the time-boxed SCP gets over four years of days (its patterns repeat with the calendar). */
function largestTimeBoxedBytes(scope: GuardrailScope): number {
  let largest = 0;
  for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2028, 0, 1); day += DAY_MS) {
    largest = Math.max(largest, policyBytes(policyContent(timeBoxedScp(scope, new Date(day)))));
  }
  return largest;
}

describe('ownDeviceName: deviceNameTemplate with the user name as a policy variable', () => {
  test.each([
    ['{userName}', '${aws:username}'],
    ['corp-{userName}-phone', 'corp-${aws:username}-phone'],
    ['{userName}.{userName}', '${aws:username}.${aws:username}'],
    ['shared', 'shared'],
  ])('%s → %s', (template, expected) => {
    expect(ownDeviceName(template)).toBe(expected);
  });
});

describe('the guardrail as policy documents', () => {
  test('the rule SCP: the three statements once, for users without an exemption reason', () => {
    const policy = ruleScp(SCOPE);
    expect(sids(policy)).toEqual([
      'DenyAllButMfaSetupNoExemption',
      'MfaSetupOnOwnOnlyNoExemption',
      'OwnProvisionedDeviceOnlyNoExemption',
    ]);
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Deny');
      expect(statement.Condition).toMatchObject({
        StringEquals: { 'aws:PrincipalType': 'User' },
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
        StringLikeIfExists: { 'aws:PrincipalTag/orgmfa:exempt': BLANK_REASON_PATTERNS },
      });
    }
    expect(policy.Statement[0]).toMatchObject({ NotAction: ALL_MFA_SETUP_ACTIONS, Resource: '*' });
    expect(policy.Statement[1]!.NotResource).toEqual([
      'arn:aws:iam::*:user/${aws:username}',
      'arn:aws:iam::*:user/*/${aws:username}',
      'arn:aws:iam::*:mfa/${aws:username}',
      'arn:aws:ssm:*:*:parameter/orgmfa/seed/${aws:userid}',
    ]);
    expect(policy.Statement[2]!.Condition).toMatchObject({
      StringNotEquals: { 'aws:ResourceTag/orgmfa:user-id': '${aws:userid}' },
    });
  });

  test.each([
    ['the rule SCP', ruleScp(SCOPE)],
    ['the time-boxed SCP', timeBoxedScp(SCOPE, NOW)],
    ['the managed policy', requireMfaManagedPolicy(SCOPE)],
  ])(
    '%s: only "everything but setup" spares calls a service makes on the user\'s behalf (forward access sessions)',
    (_policy, policy) => {
      for (const statement of policy.Statement) {
        const bools = statement.Condition['BoolIfExists'];
        if (statement.Sid.startsWith('DenyAllButMfaSetup')) {
          expect(bools).toEqual({ 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' });
        } else {
          expect(bools).toEqual({ 'aws:MultiFactorAuthPresent': 'false' });
        }
      }
    },
  );

  test('the rule SCP names the device by the configured template and partition', () => {
    const policy = ruleScp({ partition: 'aws-us-gov', ownDeviceName: ownDeviceName('corp-{userName}') });
    expect(policy.Statement[1]!.NotResource).toContain('arn:aws-us-gov:iam::*:mfa/corp-${aws:username}');
  });

  test("the time-boxed SCP: the rule for ended exemptions (today's patterns), and for every time-boxed one once stale", () => {
    const policy = timeBoxedScp(SCOPE, NOW);
    expect(sids(policy)).toEqual([
      'DenyAllButMfaSetupEnded',
      'MfaSetupOnOwnOnlyEnded',
      'OwnProvisionedDeviceOnlyEnded',
      'DenyAllButMfaSetupStale',
      'MfaSetupOnOwnOnlyStale',
      'OwnProvisionedDeviceOnlyStale',
    ]);
    for (const statement of policy.Statement.slice(0, 3)) {
      expect(statement.Condition).toMatchObject({
        Null: { [UNTIL]: 'false' },
        StringNotLike: { [UNTIL]: untilPatterns(NOW) },
      });
    }
    for (const statement of policy.Statement.slice(3)) {
      expect(statement.Condition).toMatchObject({
        Null: { [UNTIL]: 'false' },
        DateGreaterThan: { 'aws:CurrentTime': '2025-06-15T00:00:00Z' },
      });
    }
  });

  test.each([
    ['2025-06-13T00:00:00Z', '2025-06-15T00:00:00.000Z'],
    ['2025-06-13T23:59:59.999Z', '2025-06-15T00:00:00.000Z'],
    ['2025-12-31T12:00:00Z', '2026-01-02T00:00:00.000Z'],
  ])('a time-boxed SCP generated at %s is stale from %s', (generated, stale) => {
    expect(staleFrom(new Date(generated)).toISOString()).toBe(stale);
  });

  test('the managed policy: the rule for users without a reason, and for every time-boxed exemption', () => {
    const policy = requireMfaManagedPolicy(SCOPE);
    expect(sids(policy)).toEqual([
      'DenyAllButMfaSetupNoExemption',
      'MfaSetupOnOwnOnlyNoExemption',
      'OwnProvisionedDeviceOnlyNoExemption',
      'DenyAllButMfaSetupTimeBoxed',
      'MfaSetupOnOwnOnlyTimeBoxed',
      'OwnProvisionedDeviceOnlyTimeBoxed',
    ]);
    for (const statement of policy.Statement.slice(3)) {
      expect(statement.Condition).toMatchObject({ Null: { [UNTIL]: 'false' } });
      expect(JSON.stringify(statement.Condition)).not.toMatch(/CurrentTime|StringNotLike/);
    }
  });

  test('the content is compact JSON, and its size counts bytes, not characters', () => {
    const content = policyContent(ruleScp(SCOPE));
    expect(JSON.parse(content)).toEqual(ruleScp(SCOPE));
    expect(content).not.toMatch(/\n|": /);
    // The ideographic space in the blank-reason patterns is one character and three bytes.
    expect(policyBytes(content)).toBe(Buffer.byteLength(content, 'utf8'));
    expect(policyBytes(content)).toBeGreaterThan(content.length);
  });
});

describe("the SCPs fit Organizations' 5,120 bytes on every day, for every configuration the schema accepts", () => {
  // The longest device name template the configuration accepts (162 characters and {userName}: with a
  // 64-character user name, the 226 a device name may have) and the longest partition.
  const LONGEST_TEMPLATE = `${'d'.repeat(162)}{userName}`;

  test('that template is the longest the configuration accepts', () => {
    expect(provisioningSchema.safeParse({ deviceNameTemplate: LONGEST_TEMPLATE }).success).toBe(true);
    expect(provisioningSchema.safeParse({ deviceNameTemplate: `d${LONGEST_TEMPLATE}` }).success).toBe(false);
  });

  test.each([
    ['the default template', 'aws', '{userName}'],
    ['the longest template', 'aws', LONGEST_TEMPLATE],
    ['the longest template in GovCloud', 'aws-us-gov', LONGEST_TEMPLATE],
  ])('%s (%s)', (_case, partition, template) => {
    const scope = { partition, ownDeviceName: ownDeviceName(template) };
    expect(policyBytes(policyContent(ruleScp(scope)))).toBeLessThanOrEqual(SCP_MAX_BYTES);
    expect(largestTimeBoxedBytes(scope)).toBeLessThanOrEqual(SCP_MAX_BYTES);
  });

  test('the largest time-boxed SCP is on a day early in a month of 31 days (most day patterns)', () => {
    const bytesOn = (iso: string) => policyBytes(policyContent(timeBoxedScp(SCOPE, new Date(iso))));
    expect(largestTimeBoxedBytes(SCOPE)).toBe(Math.max(bytesOn('2025-01-02'), bytesOn('2025-01-11')));
  });
});
