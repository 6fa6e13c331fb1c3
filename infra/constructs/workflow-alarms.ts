import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { alarmOnDeadLetters, alarmOnFailedExecutions, alarmOnOrgMfaMetric } from './alarm-on-any';

/** Properties of {@link WorkflowAlarms}. */
export interface WorkflowAlarmsProps {
  /** The workflow whose failed executions raise an alarm. */
  readonly stateMachine: sfn.IStateMachine;
  /** The dead-letter queue whose messages raise an alarm. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where the alarms notify. */
  readonly topic: sns.ITopic;
}

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
    const { topic } = props;
    this.executionsFailed = alarmOnFailedExecutions(this, 'ExecutionsFailed', props.stateMachine, {
      description: 'orgmfa: an event workflow execution failed; see the execution history',
      topic,
    });
    this.deadLetters = alarmOnDeadLetters(this, 'DeadLetters', props.deadLetterQueue, {
      description:
        'orgmfa: IAM events could not start the event workflow; they wait in the dead-letter queue',
      topic,
    });
    this.provisioningFailed = alarmOnOrgMfaMetric(
      this,
      'ProvisioningFailed',
      'ProvisioningFailed',
      cloudwatch.Stats.SUM,
      {
        description:
          'orgmfa: a new IAM user could not be given an MFA device; see the event workflow execution',
        topic,
      },
    );
  }
}
