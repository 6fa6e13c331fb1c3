import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmOnDeadLetters, alarmOnFailedExecutions, alarmOnOrgMfaMetric } from './alarm-on-any';

/** Properties of {@link SweepAlarms}. */
export interface SweepAlarmsProps {
  /** The sweep workflow. */
  readonly stateMachine: sfn.IStateMachine;
  /** The sweep schedule's dead-letter queue. */
  readonly scheduleDeadLetterQueue: sqs.IQueue;
  /** Where the alarms notify. */
  readonly topic: sns.ITopic;
}

/**
 * Alarms for a sweep that did not reconcile the organization: the sweep failed as a whole, some
 * accounts could not be swept (no member role, access denied, Security Hub disabled: the summary names
 * them and why), or the schedule could not even start it.
 */
export class SweepAlarms extends Construct {
  /** Failed executions of the sweep. */
  readonly executionsFailed: cloudwatch.Alarm;
  /** Accounts a sweep could not evaluate. */
  readonly accountsFailed: cloudwatch.Alarm;
  /** Scheduled sweeps that never started. */
  readonly startsFailed: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SweepAlarmsProps) {
    super(scope, id);
    const { topic } = props;
    this.executionsFailed = alarmOnFailedExecutions(this, 'ExecutionsFailed', props.stateMachine, {
      description: 'orgmfa: a sweep execution failed as a whole; see its execution history',
      topic,
    });
    // The summary publishes the count once per sweep: its maximum is that sweep's count.
    this.accountsFailed = alarmOnOrgMfaMetric(
      this,
      'AccountsFailed',
      'SweepAccountsFailed',
      cloudwatch.Stats.MAXIMUM,
      {
        description:
          "orgmfa: a sweep could not evaluate some accounts; the sweep's output and summary.json list each with its reason",
        topic,
      },
    );
    this.startsFailed = alarmOnDeadLetters(this, 'StartsFailed', props.scheduleDeadLetterQueue, {
      description: 'orgmfa: the schedule could not start a sweep; the attempt waits in its dead-letter queue',
      topic,
    });
  }
}
