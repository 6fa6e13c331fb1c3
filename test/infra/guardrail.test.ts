import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  GUARDRAIL_SCP_NAMES,
  guardrailScpContent,
  policyBytes,
  SCP_MAX_BYTES,
} from '../../functions/core/guardrail/guardrail-policies';
import { HUB_ROLE_NAMES } from '../../infra/policies/hub-role-names';
import { deployedHubRole, guardrailPolicyIdOf } from './support/deployed-policies';
import { simulate } from './support/iam-simulation';
import { onlyResource, synthOrgMfa, type TemplateResource } from './support/synth';
import { ACCOUNTS, ORGANIZATION_ID, testConfig } from './support/test-config';

const OU = 'ou-ab12-abcdefgh';
const ROOT = 'r-ab12';
const OTHER_OU = 'ou-ab12-zzzzzzzz';
const GUARDED = { guardrail: { organizationalUnitIds: [OU, ROOT] } };

function guardrailResources(template: Template): [string, TemplateResource][] {
  return (Object.entries(template.toJSON().Resources) as [string, TemplateResource][]).filter(
    ([, resource]) => resource.Type.startsWith('Custom::OrgMfaGuardrail'),
  );
}

describe('guardrail SCPs in the hub stack', () => {
  let hub: Template;
  beforeAll(() => {
    hub = synthOrgMfa(testConfig(GUARDED)).hub;
  });

  test('exist only when the configuration lists OUs: none by default', () => {
    const { hub: unguarded } = synthOrgMfa(testConfig());
    expect(guardrailResources(unguarded)).toEqual([]);
    unguarded.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: HUB_ROLE_NAMES.guardrail }, 0);
    unguarded.resourcePropertiesCountIs('AWS::Scheduler::ScheduleGroup', { Name: 'orgmfa-guardrail' }, 0);
  });

  test('two SCPs, each a custom resource holding what its content is made of, never the content', () => {
    const policies = guardrailResources(hub).filter(([, r]) => r.Type === 'Custom::OrgMfaGuardrailPolicy');
    expect(policies.map(([, r]) => r.Properties)).toEqual([
      {
        ServiceToken: expect.anything(),
        Part: 'rule',
        Partition: 'aws',
        DeviceNameTemplate: '{userName}',
        ContentDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      {
        ServiceToken: expect.anything(),
        Part: 'timeBoxed',
        Partition: 'aws',
        DeviceNameTemplate: '{userName}',
        ContentDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(JSON.stringify(policies)).not.toContain('aws:PrincipalType');
  });

  test('both SCPs are attached to exactly the configured OUs, after the role may attach them', () => {
    const policies = guardrailResources(hub)
      .filter(([, r]) => r.Type === 'Custom::OrgMfaGuardrailPolicy')
      .map(([id]) => ({ 'Fn::GetAtt': [id, 'PolicyId'] }));
    const { resource } = onlyResource(hub, 'Custom::OrgMfaGuardrailAttachments');
    expect(resource.Properties).toEqual({
      ServiceToken: expect.anything(),
      PolicyIds: policies,
      TargetIds: [OU, ROOT],
    });
    const ownPolicies = Object.keys(hub.findResources('AWS::IAM::Policy')).find((id) =>
      id.startsWith('GuardrailOwnPolicies'),
    );
    expect(resource.DependsOn).toContain(ownPolicies);
  });

  test('the refresh runs hourly, at minute 1 UTC, with the deployed SCPs and the configured targets', () => {
    const { resource } = onlyResource(hub, 'AWS::Scheduler::Schedule', { Name: 'orgmfa-guardrail-refresh' });
    expect(resource.Properties).toMatchObject({
      ScheduleExpression: 'cron(1 * * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { DeadLetterConfig: { Arn: expect.anything() }, RetryPolicy: expect.anything() },
    });
    const input = JSON.stringify(resource.Properties?.Target);
    for (const expected of [
      '\\"part\\":\\"rule\\"',
      '\\"part\\":\\"timeBoxed\\"',
      `\\"targetIds\\":[\\"${OU}\\",\\"${ROOT}\\"]`,
    ]) {
      expect(input).toContain(expected);
    }
    expect(resource.DependsOn?.some((id) => id.startsWith('GuardrailAttachments'))).toBe(true);
  });

  test('alarms: a failed run, no refresh for three hours (missing data counts), attachments that differ, a refresh never started', () => {
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Threshold: 1,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^GuardrailFunction') } }],
    });
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GuardrailRefreshed',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      Period: 3600,
      EvaluationPeriods: 3,
      TreatMissingData: 'breaching',
    });
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GuardrailAttachmentDrift',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      Period: 3600,
    });
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardrailScheduleDeadLetterQueue'), 'QueueName'] },
        },
      ],
    });
  });

  test("the SCPs as the function makes them from the synthesized properties fit Organizations' 5,120 bytes", () => {
    for (const [, resource] of guardrailResources(hub).filter(
      ([, r]) => r.Type === 'Custom::OrgMfaGuardrailPolicy',
    )) {
      const { Part, Partition, DeviceNameTemplate } = resource.Properties as Record<string, string>;
      // The time-boxed SCP is largest early in a 31-day month (most day patterns).
      for (const day of ['2025-01-02', '2025-01-11', '2025-02-01', '2025-06-30']) {
        const content = guardrailScpContent(
          Part as 'rule' | 'timeBoxed',
          { partition: Partition!, deviceNameTemplate: DeviceNameTemplate! },
          new Date(day),
        );
        expect(policyBytes(content)).toBeLessThanOrEqual(SCP_MAX_BYTES);
      }
    }
  });

  test("the provider framework runs with orgmfa's own role and log group, no AWS managed policy", () => {
    const { resource } = onlyResource(hub, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('provider framework'),
    });
    expect(resource.Properties?.Role).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^GuardrailProviderRole/), 'Arn'],
    });
    expect(resource.Properties?.LoggingConfig).toMatchObject({
      LogGroup: { Ref: expect.stringMatching(/^GuardrailProviderLogs/) },
    });
    const role =
      hub.toJSON().Resources[(resource.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the names are the documented ones', () => {
    expect(GUARDRAIL_SCP_NAMES).toEqual({
      rule: 'orgmfa-require-mfa',
      timeBoxed: 'orgmfa-require-mfa-time-boxed',
    });
  });
});

/**
 * The guardrail function's role, evaluated: it manages orgmfa's own two SCPs and attaches them only to
 * the configured targets; it cannot change, attach or detach anyone else's policy.
 */
describe("guardrail function's permissions (IAM simulation)", () => {
  const config = testConfig(GUARDED);
  const role = () => deployedHubRole(config, HUB_ROLE_NAMES.guardrail);
  const orgArn = (resource: string) => `arn:aws:organizations::${ACCOUNTS.management}:${resource}`;
  const scp = (id: string) => orgArn(`policy/${ORGANIZATION_ID}/service_control_policy/${id}`);
  const own = () => {
    const { hub } = synthOrgMfa(config);
    return guardrailResources(hub)
      .filter(([, r]) => r.Type === 'Custom::OrgMfaGuardrailPolicy')
      .map(([id]) => scp(guardrailPolicyIdOf(id)));
  };
  const ou = (id: string) => orgArn(`ou/${ORGANIZATION_ID}/${id}`);
  const root = orgArn(`root/${ORGANIZATION_ID}/${ROOT}`);

  async function may(action: string, resource: string, context: Record<string, string> = {}) {
    const { arn, policies } = role();
    const verdict = await simulate({
      principal: arn,
      action,
      resource,
      resourceAccount: ACCOUNTS.management,
      context: { 'aws:PrincipalArn': arn, 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY', ...context },
      identityPolicies: policies,
    });
    // The role's own policies: the management account's side (its delegation policy, for a delegated
    // administrator hub) is not orgmfa's to write.
    return verdict.identity;
  }

  test('creates and deletes SCPs (an SCP without attachments does nothing; an attached one cannot be deleted)', async () => {
    expect(await may('organizations:CreatePolicy', scp('p-new'))).toBe('Allowed');
    expect(await may('organizations:DeletePolicy', scp('p-someoneelse'))).toBe('Allowed');
    expect(
      await may('organizations:CreatePolicy', scp('p-new'), { 'organizations:PolicyType': 'TAG_POLICY' }),
    ).toBe('ImplicitlyDenied');
  });

  test('reads, updates and lists the targets of its own two SCPs only', async () => {
    for (const action of [
      'organizations:DescribePolicy',
      'organizations:UpdatePolicy',
      'organizations:ListTargetsForPolicy',
    ]) {
      for (const policy of own()) expect(await may(action, policy)).toBe('Allowed');
      expect(await may(action, scp('p-fullawsaccess'))).toBe('ImplicitlyDenied');
    }
  });

  test('attaches its own SCPs to the configured OU and root, and nothing to anything else', async () => {
    const [rule] = own();
    for (const target of [ou(OU), root]) {
      expect(await may('organizations:AttachPolicy', rule!)).toBe('Allowed');
      expect(await may('organizations:AttachPolicy', target)).toBe('Allowed');
    }
    expect(await may('organizations:AttachPolicy', ou(OTHER_OU))).toBe('ImplicitlyDenied');
    expect(
      await may('organizations:AttachPolicy', orgArn(`account/${ORGANIZATION_ID}/${ACCOUNTS.member}`)),
    ).toBe('ImplicitlyDenied');
    expect(await may('organizations:AttachPolicy', scp('p-denyall'))).toBe('ImplicitlyDenied');
  });

  test("detaches its own SCPs from any target, never someone else's policy", async () => {
    const [rule] = own();
    expect(await may('organizations:DetachPolicy', rule!)).toBe('Allowed');
    expect(await may('organizations:DetachPolicy', ou(OTHER_OU))).toBe('Allowed');
    expect(await may('organizations:DetachPolicy', scp('p-fullawsaccess'))).toBe('ImplicitlyDenied');
  });

  test('no other Organizations power: policy types, moving accounts, tagging its own SCPs', async () => {
    const [rule] = own();
    const account = orgArn(`account/${ORGANIZATION_ID}/${ACCOUNTS.member}`);
    for (const [action, resource] of [
      ['organizations:EnablePolicyType', root],
      ['organizations:DisablePolicyType', root],
      ['organizations:MoveAccount', account],
      ['organizations:TagResource', rule!],
    ] as const) {
      expect(await may(action, resource)).toBe('ImplicitlyDenied');
    }
  });
});
