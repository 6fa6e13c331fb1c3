import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
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
/** The rule's name: fixed, so that its role's trust can name the rule without a cycle. */
export const EVENT_WORKFLOW_RULE_NAME = 'orgmfa-start-event-workflow';

/**
 * Starts the event workflow for every forwarded IAM event. The pattern is the members' own, so the
 * hub acts on nothing a member would not have forwarded. An event that cannot start the workflow
 * lands in an encrypted dead-letter queue (alarmed) instead of being dropped. EventBridge starts the
 * workflow with a role it may assume only on behalf of this rule (`aws:SourceArn`) in the hub account
 * (`aws:SourceAccount`), the confused-deputy guard AWS recommends.
 */
export class EventWorkflowRule extends Construct {
  /** The rule on the central bus. */
  readonly rule: events.Rule;
  /** Events that could not start the workflow. */
  readonly deadLetterQueue: sqs.Queue;
  /** The role EventBridge assumes to start the workflow (the target grants it StartExecution). */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EventWorkflowRuleProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      "the EventBridge rule target's (EventBridge's DeadLetterConfig, which the rule cannot see)",
    );
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: 'orgmfa: lets EventBridge start the event workflow',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            // A rule on a custom bus: rule/<bus name>/<rule name>.
            'aws:SourceArn': stack.formatArn({
              service: 'events',
              resource: 'rule',
              resourceName: `${props.eventBus.eventBusName}/${EVENT_WORKFLOW_RULE_NAME}`,
            }),
          },
        },
      }),
    });
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: EVENT_WORKFLOW_RULE_NAME,
      description: 'orgmfa: starts the event workflow for each forwarded IAM event',
      eventBus: props.eventBus,
      eventPattern: memberIamEventPattern(),
      targets: [
        new targets.SfnStateMachine(props.stateMachine, {
          role: this.role,
          deadLetterQueue: this.deadLetterQueue,
          maxEventAge: EVENT_MAX_AGE,
          retryAttempts: EVENT_RETRY_ATTEMPTS,
        }),
      ],
    });
  }
}
