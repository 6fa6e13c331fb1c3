import { type Template } from 'aws-cdk-lib/assertions';
import { DASHBOARD_NAME } from '../../infra/constructs/operations-dashboard';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { resolveIntrinsics } from './support/cfn-intrinsics';
import { logicalIdIn, onlyResource, synthOrgMfa } from './support/synth';
import { testConfig } from './support/test-config';

describe('operations: alarms and dashboard', () => {
  let hub: Template;
  let stack: HubStack;
  beforeAll(() => {
    const synthesized = synthOrgMfa(testConfig());
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
  });
  const id = (construct: Parameters<typeof logicalIdIn>[1]) => logicalIdIn(stack, construct);
  const topicId = () => onlyResource(hub, 'AWS::SNS::Topic').logicalId;

  describe('alarms', () => {
    const ON_FIRST = {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    };

    test('a failed sweep execution notifies the alarm topic', () => {
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: id(stack.sweepWorkflow.stateMachine) } }],
        ...ON_FIRST,
        AlarmActions: [{ Ref: topicId() }],
      });
    });

    test('a sweep with any account it could not evaluate notifies the alarm topic', () => {
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'orgmfa',
        MetricName: 'SweepAccountsFailed',
        Dimensions: [{ Name: 'service', Value: 'orgmfa' }],
        Statistic: 'Maximum',
        ...ON_FIRST,
        AlarmActions: [{ Ref: topicId() }],
      });
    });

    test.each([
      ['SweepAccountsIncomplete', 'a sweep that evaluated some accounts incompletely'],
      ['SweepFindingsTampered', 'findings that disagree with the record (possible tampering)'],
    ])('%s: %s notifies the alarm topic', (metricName) => {
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'orgmfa',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'orgmfa' }],
        Statistic: 'Maximum',
        ...ON_FIRST,
        AlarmActions: [{ Ref: topicId() }],
      });
    });

    test('a sweep the schedule could not start (its dead-letter queue) notifies the alarm topic', () => {
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [id(stack.sweepSchedule.deadLetterQueue), 'QueueName'] },
          },
        ],
        ...ON_FIRST,
        AlarmActions: [{ Ref: topicId() }],
      });
    });

    test('the event-path alarms are still there: eight alarms in all, each notifying the topic', () => {
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: id(stack.eventWorkflow.stateMachine) } }],
      });
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [id(stack.eventWorkflowRule.deadLetterQueue), 'QueueName'] },
          },
        ],
      });
      hub.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ProvisioningFailed' });
      hub.resourceCountIs('AWS::CloudWatch::Alarm', 8);
      hub.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId() }] }, 8);
    });
  });

  describe('dashboard', () => {
    interface Widget {
      type: string;
      properties: { title?: string; metrics?: unknown[][]; alarms?: string[] };
    }

    /** The dashboard's widgets, its body resolved as CloudFormation would (logical ids stand for resources). */
    function widgets(): Widget[] {
      const { resource } = onlyResource(hub, 'AWS::CloudWatch::Dashboard', { DashboardName: DASHBOARD_NAME });
      const ids = Object.keys(hub.toJSON().Resources as object);
      const body = resolveIntrinsics(resource.Properties?.DashboardBody, {
        refs: {
          'AWS::Region': 'eu-west-1',
          ...Object.fromEntries(ids.map((logicalId) => [logicalId, logicalId])),
        },
        getAtt: (logicalId, attribute) => `${logicalId}.${attribute}`,
      });
      return (JSON.parse(body as string) as { widgets: Widget[] }).widgets;
    }

    /** The metrics of the widget with this title, as [namespace, name, ...dimensions]. */
    function metricsOf(title: string): string[][] {
      const widget = widgets().find((candidate) => candidate.properties.title === title);
      if (widget === undefined) throw new Error(`no widget "${title}"`);
      return (widget.properties.metrics ?? []).map((metric) =>
        metric.filter((part): part is string => typeof part === 'string'),
      );
    }

    test('is named orgmfa', () => {
      hub.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orgmfa' });
    });

    test.each([
      ['Event workflow executions', () => id(stack.eventWorkflow.stateMachine)],
      ['Sweep executions', () => id(stack.sweepWorkflow.stateMachine)],
    ])('"%s" shows started, succeeded and failed executions', (title, stateMachine) => {
      expect(metricsOf(title)).toEqual(
        ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed'].map((name) => [
          'AWS/States',
          name,
          'StateMachineArn',
          stateMachine(),
        ]),
      );
    });

    test('shows the sweep metrics the summary publishes', () => {
      expect(metricsOf('Sweep findings')).toEqual(
        [
          'SweepFindingsActive',
          'SweepFindingsExempt',
          'SweepFindingsNew',
          'SweepFindingsResolved',
          'SweepFindingsTampered',
        ].map((name) => ['orgmfa', name, 'service', 'orgmfa']),
      );
      expect(metricsOf('Sweep: accounts not (fully) evaluated')).toEqual([
        ['orgmfa', 'SweepAccountsFailed', 'service', 'orgmfa'],
        ['orgmfa', 'SweepAccountsIncomplete', 'service', 'orgmfa'],
      ]);
    });

    test('shows provisioning outcomes', () => {
      expect(metricsOf('New users: MFA provisioning')).toEqual(
        ['ProvisioningSucceeded', 'ProvisioningSkipped', 'ProvisioningFailed'].map((name) => [
          'orgmfa',
          name,
          'service',
          'orgmfa',
        ]),
      );
    });

    test('shows the depth of both dead-letter queues', () => {
      expect(metricsOf('Dead-letter queues')).toEqual(
        [stack.eventWorkflowRule.deadLetterQueue, stack.sweepSchedule.deadLetterQueue].map((queue) => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          `${id(queue)}.QueueName`,
        ]),
      );
    });

    test('shows the state of every alarm', () => {
      const alarmIds = Object.keys(hub.findResources('AWS::CloudWatch::Alarm'));
      const status = widgets().find((widget) => widget.type === 'alarm');
      expect(new Set(status?.properties.alarms)).toEqual(
        new Set(alarmIds.map((alarmId) => `${alarmId}.Arn`)),
      );
    });
  });
});
