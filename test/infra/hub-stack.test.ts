import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { CLAIM_MS } from '../../functions/core/device-claim';
import { EVENT_MAX_AGE, EVENT_RETRY_ATTEMPTS } from '../../infra/constructs/event-workflow-rule';
import { HUB_ROLE_NAMES, trustedHubRoleArns } from '../../infra/policies/hub-role-names';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { FUNCTION_SIZES } from '../../infra/function-sizes';
import { logicalIdIn, memberTemplate, onlyResource, synthOrgMfa } from './support/synth';
import { ACCOUNTS, ORGANIZATION_ID, testConfig } from './support/test-config';
import { stateMachineWith } from './support/workflows';

/** Each hub function's description, by the substitution that names it. */
const DESCRIPTIONS: Record<keyof typeof FUNCTION_SIZES, string> = {
  ParseEventFunctionArn: 'validates a forwarded IAM event',
  CleanUpOrphanFunctionArn: "keeps orgmfa's record of virtual MFA devices",
  ProvisionMfaFunctionArn: 'gives a new IAM user a working virtual MFA device',
  EvaluateUserFunctionArn: 're-evaluates the IAM user an event changed',
  ListAccountsFunctionArn: "lists the accounts of the sweep's target OUs",
  SweepAccountFunctionArn: 'sweeps a batch of accounts',
  SummarizeSweepFunctionArn: "sums up a sweep's results",
};

describe('hub stack', () => {
  let hub: Template;
  let stack: HubStack;
  beforeAll(() => {
    const synthesized = synthOrgMfa(testConfig({ alarmEmail: 'security@example.com' }));
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
  });

  function logicalIdOf(type: string, properties: Record<string, unknown>): string {
    return onlyResource(hub, type, properties).logicalId;
  }
  const stateMachineId = () => stateMachineWith(hub, 'ParseEventFunctionArn').logicalId;
  const deadLetterQueueId = () => logicalIdIn(stack, stack.eventWorkflowRule.deadLetterQueue);

  describe('central event bus', () => {
    test('admits PutEvents from principals of the organization only', () => {
      hub.hasResourceProperties('AWS::Events::EventBus', {
        Name: 'orgmfa',
        Policy: Match.objectEquals({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PutEventsFromOrganization',
              Effect: 'Allow',
              Principal: '*',
              Action: 'events:PutEvents',
              Resource: {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/orgmfa'],
                ],
              },
              Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
            },
          ],
        }),
      });
      // No second, separately managed policy that could widen it.
      hub.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    });

    test("starts the workflow with the members' own pattern, a retry policy and a dead-letter queue", () => {
      // GIVEN
      const pattern = new Capture();
      const busId = logicalIdOf('AWS::Events::EventBus', {});

      // THEN
      hub.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: busId },
        EventPattern: pattern,
        Targets: [
          Match.objectLike({
            Arn: { Ref: stateMachineId() },
            RoleArn: Match.anyValue(),
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetterQueueId(), 'Arn'] } },
            RetryPolicy: {
              MaximumEventAgeInSeconds: EVENT_MAX_AGE.toSeconds(),
              MaximumRetryAttempts: EVENT_RETRY_ATTEMPTS,
            },
          }),
        ],
      });
      const memberRule = onlyResource(memberTemplate(), 'AWS::Events::Rule').resource;
      expect(pattern.asObject()).toEqual(memberRule.Properties?.EventPattern);
    });

    test('EventBridge may assume the rule role only for this rule of this account (confused-deputy guard), to start the workflow', () => {
      const { logicalId: ruleId, resource } = onlyResource(hub, 'AWS::Events::Rule', {
        Name: 'orgmfa-start-event-workflow',
      });
      const roleId = logicalIdIn(stack, stack.eventWorkflowRule.role);
      expect(resource.Properties?.Targets).toEqual([
        expect.objectContaining({ RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
      ]);
      expect(ruleId).toBeDefined();
      expect(
        (hub.toJSON().Resources[roleId] as { Properties: Record<string, unknown> }).Properties
          .AssumeRolePolicyDocument,
      ).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': ACCOUNTS.hub,
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':events:eu-west-1:222222222222:rule/',
                      { Ref: logicalIdIn(stack, stack.centralBus.bus) },
                      '/orgmfa-start-event-workflow',
                    ],
                  ],
                },
              },
            },
          },
        ],
      });
      hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
      hub.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: Match.objectEquals({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: stateMachineId() } },
          ],
        }),
      });
    });

    test('the dead-letter queue is encrypted, SSL-only and accepts messages from the rule only', () => {
      const ruleId = logicalIdOf('AWS::Events::Rule', {});
      hub.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      hub.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: deadLetterQueueId() }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
            }),
          ]),
        },
      });
    });
  });

  describe('event workflow', () => {
    test('is a STANDARD state machine logging ALL to its log group, with X-Ray tracing', () => {
      const logGroup = new Capture();
      hub.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: 'ALL',
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroup, 'Arn'] } } }],
        },
      });
      expect(hub.toJSON().Resources[logGroup.asString()]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
      });
    });

    test('its role may invoke exactly the four event functions, unqualified', () => {
      // GIVEN the event workflow's role and the functions its definition names
      const { resource } = stateMachineWith(hub, 'ParseEventFunctionArn');
      const roleArn = resource.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] };
      const substitutions = resource.Properties?.DefinitionSubstitutions as Record<string, unknown>;
      const functions = Object.entries(substitutions)
        .filter(([key]) => key.endsWith('FunctionArn'))
        .map(([, arn]) => arn);
      expect(functions).toHaveLength(4);

      // THEN
      hub.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleArn['Fn::GetAtt'][0] }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'InvokeWorkflowFunctions',
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: functions,
            },
          ]),
        },
      });
    });
  });

  describe('functions', () => {
    test.each([
      ['parse-event', 'validates a forwarded IAM event'],
      ['cleanup-orphan', "keeps orgmfa's record of virtual MFA devices"],
    ])(
      '%s runs on Node 24 / ARM with tracing, its own log group and the orgmfa settings',
      (_name, description) => {
        const logGroup = new Capture();
        hub.hasResourceProperties('AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp(description),
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: logGroup } },
          Environment: {
            Variables: {
              ORGANIZATION_ID: ORGANIZATION_ID,
              MANAGEMENT_ACCOUNT_ID: ACCOUNTS.management,
              HUB_ACCOUNT_ID: ACCOUNTS.hub,
              MEMBER_ROLE_NAME: 'OrgMfaMemberRole',
              PARTITION: 'aws',
              POWERTOOLS_SERVICE_NAME: 'orgmfa',
              POWERTOOLS_LOG_LEVEL: 'INFO',
              NODE_OPTIONS: '--enable-source-maps',
            },
          },
        });
        expect(hub.toJSON().Resources[logGroup.asString()].Properties).toEqual({ RetentionInDays: 365 });
      },
    );

    test('cleanup-orphan gets the state bucket and the compliance settings (the enrolment window)', () => {
      const { resource } = onlyResource(hub, 'AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp("keeps orgmfa's record of virtual MFA devices"),
      });
      const variables = (resource.Properties?.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.STATE_BUCKET).toEqual({ Ref: logicalIdIn(stack, stack.stateBucket.bucket) });
      expect(JSON.parse(variables.COMPLIANCE as string)).toMatchObject({ enrolmentWindowMinutes: 15 });
    });

    test.each([
      ['validates a forwarded IAM event', 20],
      ["keeps orgmfa's record of virtual MFA devices", 10],
      ['gives a new IAM user a working virtual MFA device', 5],
      ['re-evaluates the IAM user an event changed', 10],
    ])('the event function that %s has %i reserved concurrency by default', (description, reserved) => {
      hub.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(description),
        ReservedConcurrentExecutions: reserved,
      });
    });

    test('reserved concurrency follows the configuration, and can be switched off for a low Lambda quota', () => {
      const custom = synthOrgMfa(
        testConfig({ eventFunctions: { parseEventConcurrency: 50, cleanUpOrphanConcurrency: 25 } }),
      ).hub;
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('validates a forwarded IAM event'),
        ReservedConcurrentExecutions: 50,
      });
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp("keeps orgmfa's record of virtual MFA devices"),
        ReservedConcurrentExecutions: 25,
      });

      const off = synthOrgMfa(testConfig({ eventFunctions: { reserveConcurrency: false } })).hub;
      const reservations = Object.values(off.findResources('AWS::Lambda::Function')).map(
        (fn) =>
          (fn as { Properties: { ReservedConcurrentExecutions?: number } }).Properties
            .ReservedConcurrentExecutions,
      );
      expect(reservations.filter((r) => r !== undefined)).toEqual([]);
    });

    test("the sweep's child executions reserve (and are capped at) the Map's concurrency; its one-off steps reserve nothing", () => {
      hub.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('sweeps a batch of accounts'),
        ReservedConcurrentExecutions: 100,
      });
      const custom = synthOrgMfa(testConfig({ compliance: { sweepConcurrency: 40 } })).hub;
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('sweeps a batch of accounts'),
        ReservedConcurrentExecutions: 40,
      });
      for (const description of [
        "lists the accounts of the sweep's target OUs",
        "sums up a sweep's results",
      ]) {
        const { resource } = onlyResource(hub, 'AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp(description),
        });
        expect(resource.Properties?.ReservedConcurrentExecutions).toBeUndefined();
      }
    });

    test.each(Object.entries(FUNCTION_SIZES))(
      'the function behind %s deploys with the timeout and memory of the one table',
      (substitution, size) => {
        const fn = onlyResource(hub, 'AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp(DESCRIPTIONS[substitution as keyof typeof FUNCTION_SIZES]),
        }).resource.Properties!;
        expect([fn.Timeout, fn.MemorySize]).toEqual([size.timeoutSeconds, size.memoryMb]);
      },
    );

    test('the event functions that open member accounts get the state bucket (the sweep’s view) and the membership cache’s TTL', () => {
      for (const description of [
        "keeps orgmfa's record of virtual MFA devices",
        'gives a new IAM user a working virtual MFA device',
        're-evaluates the IAM user an event changed',
      ]) {
        const variables = (
          onlyResource(hub, 'AWS::Lambda::Function', { Description: Match.stringLikeRegexp(description) })
            .resource.Properties?.Environment as { Variables: Record<string, unknown> }
        ).Variables;
        expect(variables.STATE_BUCKET).toEqual({ Ref: logicalIdIn(stack, stack.stateBucket.bucket) });
        expect(variables.MEMBERSHIP_CACHE_MINUTES).toBe('15');
      }
    });

    test('list-accounts gets the sweep targets', () => {
      const variables = (
        onlyResource(hub, 'AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp("lists the accounts of the sweep's target OUs"),
        }).resource.Properties?.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(JSON.parse(variables.SWEEP_TARGETS as string)).toEqual(['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop']);
    });

    test('no hub role uses an AWS managed policy', () => {
      const roles = Object.values(hub.findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });

    /** The role and log group of the function whose description matches. */
    function functionParts(description: string): { roleId: string; logGroupId: string } {
      const role = new Capture();
      const logGroup = new Capture();
      hub.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(description),
        Role: { 'Fn::GetAtt': [role, 'Arn'] },
        LoggingConfig: { LogGroup: { Ref: logGroup } },
      });
      return { roleId: role.asString(), logGroupId: logGroup.asString() };
    }

    const XRAY_STATEMENT = {
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: '*',
    };
    const logStatement = (logGroupId: string) => ({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    });

    test('parse-event may only write its logs and traces', () => {
      const { roleId, logGroupId } = functionParts('validates a forwarded IAM event');
      hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
      hub.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: Match.objectEquals({
          Version: '2012-10-17',
          Statement: [logStatement(logGroupId), XRAY_STATEMENT],
        }),
      });
    });

    test("cleanup-orphan may read and write the accounts' device records, describe organization accounts and assume member roles inside the organization", () => {
      const { roleId, logGroupId } = functionParts("keeps orgmfa's record of virtual MFA devices");
      hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
      hub.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: Match.objectEquals({
          Version: '2012-10-17',
          Statement: [
            logStatement(logGroupId),
            {
              Sid: 'ReadWriteDeviceRecords',
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: 'arn:aws:s3:::orgmfa-state-222222222222/devices/*',
            },
            {
              Sid: 'TellMissingRecords',
              Effect: 'Allow',
              Action: 's3:ListBucket',
              Resource: 'arn:aws:s3:::orgmfa-state-222222222222',
            },
            {
              Sid: 'DescribeOrganizationAccounts',
              Effect: 'Allow',
              Action: 'organizations:DescribeAccount',
              Resource: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*',
            },
            {
              Sid: 'ReadOrganizationView',
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::orgmfa-state-222222222222/organization/accounts.json',
            },
            {
              Sid: 'AssumeMemberRoleInOrganization',
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/OrgMfaMemberRole',
              Condition: { StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } },
            },
            XRAY_STATEMENT,
          ],
        }),
      });
    });

    test('cleanup-orphan runs as the fixed-name role that member accounts trust', () => {
      const config = testConfig();
      hub.hasResourceProperties('AWS::IAM::Role', {
        RoleName: HUB_ROLE_NAMES.cleanUpOrphan,
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
          ],
        },
      });
      expect(trustedHubRoleArns(config)).toEqual([
        'arn:aws:iam::222222222222:role/orgmfa-cleanup-orphan',
        'arn:aws:iam::222222222222:role/orgmfa-provision-mfa',
        'arn:aws:iam::222222222222:role/orgmfa-evaluate-user',
        'arn:aws:iam::222222222222:role/orgmfa-sweep-account',
      ]);
    });
  });

  describe('alarms', () => {
    test('fire on a failed workflow execution and on any dead letter, notifying the alarm topic', () => {
      const topicId = logicalIdOf('AWS::SNS::Topic', {});
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId() } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
      });
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueueId(), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    });

    test('the topic is KMS-encrypted with a rotated key CloudWatch may use, SSL-only, and mails the configured address', () => {
      const key = new Capture();
      const topicId = logicalIdOf('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
      hub.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
      expect(hub.toJSON().Resources[key.asString()].Type).toBe('AWS::KMS::Key');
      hub.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
            }),
          ]),
        },
      });
      hub.hasResourceProperties('AWS::SNS::Subscription', {
        TopicArn: { Ref: topicId },
        Protocol: 'email',
        Endpoint: 'security@example.com',
      });
    });

    test('without an alarm e-mail there is no subscription, and the alarms are the same', () => {
      const { hub: withoutEmail } = synthOrgMfa(testConfig());
      withoutEmail.resourceCountIs('AWS::SNS::Subscription', 0);
      // Event workflow, dead letters and provisioning; sweep, its failed and incomplete accounts, its
      // findings that disagree with the record, and its schedule.
      withoutEmail.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    });
  });
});

describe('hub stack: provisioning', () => {
  const config = testConfig();
  const { hub } = synthOrgMfa(config);

  test('provision-mfa runs as its fixed-name role with the provisioning settings, and 2 min for a TOTP window, undo and user removal with their retries', () => {
    hub.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('gives a new IAM user a working virtual MFA device'),
      Timeout: 120,
      Environment: {
        Variables: Match.objectLike({
          PROVISIONING: JSON.stringify(config.provisioning),
          // A device in the way: the device records, and the enrolment window of the orphan rule.
          STATE_BUCKET: Match.anyValue(),
          COMPLIANCE: JSON.stringify(config.compliance),
        }),
      },
    });
    hub.hasResourceProperties('AWS::IAM::Role', { RoleName: 'orgmfa-provision-mfa' });
  });

  test('a claim on a device in the way outlasts any one invocation of provision-mfa', () => {
    const timeouts = Object.values(hub.findResources('AWS::Lambda::Function')).flatMap((fn) => {
      const props = (fn as { Properties: { Description?: string; Timeout?: number } }).Properties;
      return /gives a new IAM user/.test(props.Description ?? '') ? [props.Timeout ?? 3] : [];
    });
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]! * 1000).toBeLessThan(CLAIM_MS);
  });

  test('an alarm fires on the first ProvisioningFailed metric', () => {
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'orgmfa',
      MetricName: 'ProvisioningFailed',
      Dimensions: [{ Name: 'service', Value: 'orgmfa' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
