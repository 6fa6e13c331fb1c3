import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { memberIamEventPattern } from './member-event-pattern';

/** Properties of {@link EventWorkflowRule}. */
export interface EventWorkflowRuleProps {
  /** The central bus the members forward to. */
  readonly eventBus: events.IEventBus;
  /** The workflow each matching event starts. */
  readonly stateMachine: sfn.IStateMachine;
}

/** How long EventBridge keeps retrying to start the workflow before the event goes to the DLQ. */
export const EVENT_MAX_AGE = Duration.hours(2);
/** How many times EventBridge retries starting the workflow (throttling, service errors). */
export const EVENT_RETRY_ATTEMPTS = 10;

/**
 * Starts the event workflow for every forwarded IAM event. The pattern is the members' own, so the
 * hub acts on nothing a member would not have forwarded. An event that cannot start the workflow
 * lands in an encrypted dead-letter queue (alarmed) instead of being dropped.
 */
export class EventWorkflowRule extends Construct {
  /** The rule on the central bus. */
  readonly rule: events.Rule;
  /** Events that could not start the workflow. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventWorkflowRuleProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "the EventBridge rule target's (EventBridge's DeadLetterConfig, which the rule cannot see)",
    );
    this.rule = new events.Rule(this, 'Rule', {
      description: 'orgmfa: starts the event workflow for each forwarded IAM event',
      eventBus: props.eventBus,
      eventPattern: memberIamEventPattern(),
      targets: [
        new targets.SfnStateMachine(props.stateMachine, {
          deadLetterQueue: this.deadLetterQueue,
          maxEventAge: EVENT_MAX_AGE,
          retryAttempts: EVENT_RETRY_ATTEMPTS,
        }),
      ],
    });
  }
}
