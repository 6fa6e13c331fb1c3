import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { schedulerRole } from './scheduler-role';

/** Properties of {@link SweepSchedule}. */
export interface SweepScheduleProps {
  /** An EventBridge Scheduler expression: `rate(…)` or `cron(…)` (configuration's `sweepSchedule`). */
  readonly expression: string;
  /** The sweep workflow. */
  readonly stateMachine: sfn.IStateMachine;
}

/** The schedule's name and its group's: fixed, so operators find them. */
export const SWEEP_SCHEDULE_NAME = 'orgmfa-sweep';
export const SWEEP_SCHEDULE_GROUP_NAME = 'orgmfa';
/** How long Scheduler keeps retrying to start a sweep before the attempt goes to the dead-letter queue. */
export const SWEEP_START_MAX_AGE = Duration.hours(1);
/** How many times Scheduler retries starting a sweep (throttling, service errors). */
export const SWEEP_START_RETRY_ATTEMPTS = 10;

/**
 * Starts the sweep workflow on the configured schedule, at the exact time (no flexible window: the
 * sweep is cheap and its timing is what operators expect). Scheduler assumes a role of its own that
 * may start this state machine and nothing else (plus sending a start it gave up on to its encrypted
 * dead-letter queue), and only for schedules of orgmfa's own schedule group in this account.
 */
export class SweepSchedule extends Construct {
  /** The schedule. */
  readonly schedule: scheduler.Schedule;
  /** The role Scheduler assumes to start the sweep. */
  readonly role: iam.Role;
  /** Sweep starts that failed even after retries. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    const group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: SWEEP_SCHEDULE_GROUP_NAME,
    });
    this.role = schedulerRole(
      this,
      'Role',
      SWEEP_SCHEDULE_GROUP_NAME,
      'orgmfa: lets EventBridge Scheduler start the sweep workflow',
    );

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "the sweep schedule's (Scheduler's DeadLetterConfig)",
    );

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: SWEEP_SCHEDULE_NAME,
      scheduleGroup: group,
      description: 'orgmfa: starts the organization-wide MFA compliance sweep',
      schedule: scheduler.ScheduleExpression.expression(props.expression),
      timeWindow: scheduler.TimeWindow.off(),
      // The target grants the role states:StartExecution on this state machine, and sqs:SendMessage on
      // the dead-letter queue, and nothing else.
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        role: this.role,
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: SWEEP_START_MAX_AGE,
        retryAttempts: SWEEP_START_RETRY_ATTEMPTS,
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
      }),
    });
    // The schedule names its group and role by plain values, which CloudFormation does not order:
    // create the group, and the role with its policy, first.
    this.schedule.node.addDependency(group, this.role);
  }
}
