import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  SWEEP_SCHEDULE_GROUP_NAME,
  SWEEP_SCHEDULE_NAME,
  SWEEP_START_MAX_AGE,
  SWEEP_START_RETRY_ATTEMPTS,
} from '../../infra/constructs/sweep-schedule';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { logicalIdIn, onlyResource, synthOrgMfa, type TemplateResource } from './support/synth';
import { ACCOUNTS, testConfig } from './support/test-config';

describe('sweep schedule', () => {
  let hub: Template;
  let stack: HubStack;
  beforeAll(() => {
    const synthesized = synthOrgMfa(testConfig({ compliance: { sweepSchedule: 'cron(0 */4 * * ? *)' } }));
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
  });

  const schedule = () => onlyResource(hub, 'AWS::Scheduler::Schedule').resource;
  const sweepId = () => logicalIdIn(stack, stack.sweepWorkflow.stateMachine);
  const queueId = () => logicalIdIn(stack, stack.sweepSchedule.deadLetterQueue);
  const roleId = () => logicalIdIn(stack, stack.sweepSchedule.role);

  test('starts the sweep workflow on the configured expression, at the exact time', () => {
    expect(schedule().Properties).toMatchObject({
      Name: SWEEP_SCHEDULE_NAME,
      GroupName: SWEEP_SCHEDULE_GROUP_NAME,
      ScheduleExpression: 'cron(0 */4 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { Ref: sweepId() },
        RoleArn: { 'Fn::GetAtt': [roleId(), 'Arn'] },
      },
    });
  });

  test('the default configuration sweeps every 6 hours', () => {
    const { hub: defaults } = synthOrgMfa(testConfig());
    defaults.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(6 hours)' });
  });

  test('retries a failed start, then sends it to an encrypted, SSL-only dead-letter queue', () => {
    expect(schedule().Properties?.Target).toMatchObject({
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
      RetryPolicy: {
        MaximumEventAgeInSeconds: SWEEP_START_MAX_AGE.toSeconds(),
        MaximumRetryAttempts: SWEEP_START_RETRY_ATTEMPTS,
      },
    });
    expect((hub.toJSON().Resources[queueId()] as TemplateResource).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
    });
    hub.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test("its role is assumable by Scheduler only, for orgmfa's schedule group in this account", () => {
    expect(
      (hub.toJSON().Resources[roleId()] as TemplateResource).Properties?.AssumeRolePolicyDocument,
    ).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': ACCOUNTS.hub,
              'aws:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':scheduler:eu-west-1:222222222222:schedule-group/orgmfa',
                  ],
                ],
              },
            },
          },
        },
      ],
    });
  });

  test('its role may only start the sweep (and hand a failed start to its dead-letter queue)', () => {
    hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId() }]) }, 1);
    hub.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId() }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: sweepId() } },
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
        ],
      }),
    });
    expect(
      (hub.toJSON().Resources[roleId()] as TemplateResource).Properties?.ManagedPolicyArns,
    ).toBeUndefined();
  });

  test('is created after its group and its role with its policy', () => {
    const { resource } = onlyResource(hub, 'AWS::Scheduler::Schedule');
    const groupId = onlyResource(hub, 'AWS::Scheduler::ScheduleGroup', { Name: 'orgmfa' }).logicalId;
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([groupId, roleId(), expect.stringMatching(/^SweepScheduleRoleDefaultPolicy/)]),
    );
  });
});
