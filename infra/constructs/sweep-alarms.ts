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
 * accounts could not be swept (no member role, access denied, suspended: the summary names them and
 * why), some were swept incompletely (Security Hub CSPM not enabled, a step that failed on its own), the
 * schedule could not even start it, or orgmfa's findings in some account disagree with its record
 * (possible tampering by a principal of that account).
 */
export class SweepAlarms extends Construct {
  /** Failed executions of the sweep. */
  readonly executionsFailed: cloudwatch.Alarm;
  /** Accounts a sweep could not evaluate. */
  readonly accountsFailed: cloudwatch.Alarm;
  /** Accounts a sweep evaluated without importing all of their findings or without every step. */
  readonly accountsIncomplete: cloudwatch.Alarm;
  /** Findings whose Security Hub state disagreed with orgmfa's record. */
  readonly findingsTampered: cloudwatch.Alarm;
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
    this.accountsIncomplete = alarmOnOrgMfaMetric(
      this,
      'AccountsIncomplete',
      'SweepAccountsIncomplete',
      cloudwatch.Stats.MAXIMUM,
      {
        description:
          "orgmfa: a sweep evaluated some accounts incompletely (Security Hub CSPM not enabled, or a step that failed on its own); summary.json lists each account's warnings",
        topic,
      },
    );
    this.findingsTampered = alarmOnOrgMfaMetric(
      this,
      'FindingsTampered',
      'SweepFindingsTampered',
      cloudwatch.Stats.MAXIMUM,
      {
        description:
          "orgmfa: some of orgmfa's findings in Security Hub CSPM disagree with its record (possible tampering in the member account); summary.json and the report name the account and the findings",
        topic,
      },
    );
    this.startsFailed = alarmOnDeadLetters(this, 'StartsFailed', props.scheduleDeadLetterQueue, {
      description: 'orgmfa: the schedule could not start a sweep; the attempt waits in its dead-letter queue',
      topic,
    });
  }
}
