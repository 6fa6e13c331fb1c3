import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type MetricName } from '../../functions/aws/metrics';

/** Properties of {@link WorkflowAlarms}. */
export interface WorkflowAlarmsProps {
  /** The workflow whose failed executions raise an alarm. */
  readonly stateMachine: sfn.IStateMachine;
  /** The dead-letter queue whose messages raise an alarm. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where the alarms notify. */
  readonly topic: sns.ITopic;
}

const PERIOD = Duration.minutes(5);

/**
 * Alarms for what orgmfa could not do: a failed workflow execution (an orphan left in place, a member
 * role that is missing) and an event that never started the workflow. One occurrence is enough:
 * either means a user's MFA enrolment may be stuck.
 */
export class WorkflowAlarms extends Construct {
  /** Failed executions of the workflow. */
  readonly executionsFailed: cloudwatch.Alarm;
  /** Events waiting in the dead-letter queue. */
  readonly deadLetters: cloudwatch.Alarm;
  /** New users left without MFA because provisioning failed. */
  readonly provisioningFailed: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkflowAlarmsProps) {
    super(scope, id);
    this.executionsFailed = this.alarmOnAny(
      'ExecutionsFailed',
      props.stateMachine.metricFailed({ period: PERIOD }),
      {
        description: 'orgmfa: an event workflow execution failed; see the execution history',
        topic: props.topic,
      },
    );
    this.deadLetters = this.alarmOnAny(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        description:
          'orgmfa: IAM events could not start the event workflow; they wait in the dead-letter queue',
        topic: props.topic,
      },
    );
    this.provisioningFailed = this.alarmOnAny(
      'ProvisioningFailed',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'ProvisioningFailed' satisfies MetricName,
        // Powertools Metrics adds the service dimension.
        dimensionsMap: { service: 'orgmfa' },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
      }),
      {
        description:
          'orgmfa: a new IAM user could not be given an MFA device; see the event workflow execution',
        topic: props.topic,
      },
    );
  }

  private alarmOnAny(
    id: string,
    metric: cloudwatch.IMetric,
    options: { description: string; topic: sns.ITopic },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No executions or no queue traffic is the healthy state, not missing data.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(options.topic));
    return alarm;
  }
}
