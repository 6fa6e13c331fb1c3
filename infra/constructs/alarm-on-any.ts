import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { MetricName } from '../../functions/aws/metrics';
import { orgMfaMetric } from './orgmfa-metric';

/**
 * An alarm that fires on the first occurrence (≥ 1 in one period) and notifies `topic`. No data is the
 * healthy state (no executions, an empty queue, no failed account), not missing data.
 */
export function alarmOnAny(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  options: { description: string; topic: sns.ITopic },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription: options.description,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(options.topic));
  return alarm;
}

/** Alarms read failures over five minutes: one occurrence in that window is enough. */
const PERIOD = Duration.minutes(5);

/** An alarm on any failed execution of `stateMachine`. */
export function alarmOnFailedExecutions(
  scope: Construct,
  id: string,
  stateMachine: sfn.IStateMachine,
  options: { description: string; topic: sns.ITopic },
): cloudwatch.Alarm {
  return alarmOnAny(scope, id, stateMachine.metricFailed({ period: PERIOD }), options);
}

/** An alarm on any message waiting in the dead-letter queue `queue`. */
export function alarmOnDeadLetters(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  options: { description: string; topic: sns.ITopic },
): cloudwatch.Alarm {
  const depth = queue.metricApproximateNumberOfMessagesVisible({
    period: PERIOD,
    statistic: cloudwatch.Stats.MAXIMUM,
  });
  return alarmOnAny(scope, id, depth, options);
}

/** An alarm on any count of orgmfa's own metric `name` (its `statistic` over five minutes). */
export function alarmOnOrgMfaMetric(
  scope: Construct,
  id: string,
  name: MetricName,
  statistic: string,
  options: { description: string; topic: sns.ITopic },
): cloudwatch.Alarm {
  return alarmOnAny(scope, id, orgMfaMetric(name, { statistic, period: PERIOD }), options);
}
