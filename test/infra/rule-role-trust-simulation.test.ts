import type { Template } from 'aws-cdk-lib/assertions';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { resolveIntrinsics } from './support/cfn-intrinsics';
import { simulate, type PolicyDocument } from './support/iam-simulation';
import {
  logicalIdIn,
  memberTemplate,
  onlyResource,
  synthOrgMfa,
  type TemplateResource,
} from './support/synth';
import { ACCOUNTS, testConfig } from './support/test-config';
import { trustPolicyOf } from './support/template-policies';

/**
 * The roles EventBridge assumes for orgmfa's two rules (the member accounts' forwarding rule, the
 * hub's rule that starts the event workflow), their trust evaluated by an IAM policy simulator:
 * EventBridge may assume each only on behalf of that very rule in that very account. Another account's
 * rule, or another rule of the same account, is refused (the confused-deputy guard).
 */
function assumedByEventBridge(trust: PolicyDocument, role: string, context: Record<string, string>) {
  return simulate({
    principal: 'events.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: role,
    resourceAccount: role.split(':')[4]!,
    context,
    identityPolicies: [],
    resourcePolicy: trust,
  });
}

const source = (account: string, rule: string) => ({
  'aws:SourceAccount': account,
  'aws:SourceArn': `arn:aws:events:us-east-1:${account}:rule/${rule}`,
});

describe("the member forwarding rule's role (IAM simulation)", () => {
  const member = ACCOUNTS.member;
  const role = `arn:aws:iam::${member}:role/forwarding`;
  let trust: PolicyDocument;
  beforeAll(() => {
    const template = memberTemplate();
    const { resource } = onlyResource(template, 'AWS::Events::Rule');
    const roleId = (resource.Properties?.Targets as { RoleArn: { 'Fn::GetAtt': [string] } }[])[0]!.RoleArn[
      'Fn::GetAtt'
    ][0];
    trust = resolveIntrinsics(trustPolicyOf(template, roleId), {
      refs: { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': member },
    }) as PolicyDocument;
  });

  test('EventBridge may assume it for the forwarding rule of its own account', async () => {
    expect(
      (await assumedByEventBridge(trust, role, source(member, 'orgmfa-forward-iam-events'))).result,
    ).toBe('Allowed');
  });

  test.each([
    ['the same rule name in another account', source(ACCOUNTS.outsider, 'orgmfa-forward-iam-events')],
    ['another rule of the same account', source(member, 'someone-elses-rule')],
    [
      'another account claiming this rule',
      { ...source(member, 'orgmfa-forward-iam-events'), 'aws:SourceAccount': ACCOUNTS.outsider },
    ],
    ['no source at all', {}],
  ])('EventBridge may not assume it for %s', async (_, context) => {
    expect((await assumedByEventBridge(trust, role, context)).result).toBe('ImplicitlyDenied');
  });
});

describe("the hub rule's role that starts the event workflow (IAM simulation)", () => {
  const hubAccount = ACCOUNTS.hub;
  const role = `arn:aws:iam::${hubAccount}:role/start-workflow`;
  const ruleArn = `arn:aws:events:eu-west-1:${hubAccount}:rule/orgmfa/orgmfa-start-event-workflow`;
  let trust: PolicyDocument;
  beforeAll(() => {
    const { hub, stacks } = synthOrgMfa(testConfig());
    const stack: HubStack = stacks.hub;
    const template: Template = hub;
    const busId = logicalIdIn(stack, stack.centralBus.bus);
    const roleId = logicalIdIn(stack, stack.eventWorkflowRule.role);
    expect((template.toJSON().Resources[roleId] as TemplateResource).Type).toBe('AWS::IAM::Role');
    trust = resolveIntrinsics(trustPolicyOf(template, roleId), {
      refs: { 'AWS::Partition': 'aws', [busId]: 'orgmfa' },
    }) as PolicyDocument;
  });

  test('EventBridge may assume it for the rule on the central bus', async () => {
    const verdict = await assumedByEventBridge(trust, role, {
      'aws:SourceAccount': hubAccount,
      'aws:SourceArn': ruleArn,
    });
    expect(verdict.result).toBe('Allowed');
  });

  test.each([
    [
      'a rule of the same name on the default bus',
      `arn:aws:events:eu-west-1:${hubAccount}:rule/orgmfa-start-event-workflow`,
    ],
    ['another rule on the central bus', `arn:aws:events:eu-west-1:${hubAccount}:rule/orgmfa/other`],
    [
      'the same rule in another account',
      `arn:aws:events:eu-west-1:${ACCOUNTS.outsider}:rule/orgmfa/orgmfa-start-event-workflow`,
    ],
  ])('EventBridge may not assume it for %s', async (_, arn) => {
    const verdict = await assumedByEventBridge(trust, role, {
      'aws:SourceAccount': arn.split(':')[4]!,
      'aws:SourceArn': arn,
    });
    expect(verdict.result).toBe('ImplicitlyDenied');
  });
});
