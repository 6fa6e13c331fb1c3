import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { memberIamEventPattern } from './member-event-pattern';

/** Properties of {@link EventForwardingRule}. */
export interface EventForwardingRuleProps {
  /** ARN of the hub's central event bus (may be a parameter). */
  readonly centralEventBusArn: string;
}

/** The forwarding rule's name: fixed, so that its role's trust can name the rule without a cycle. */
export const FORWARDING_RULE_NAME = 'orgmfa-forward-iam-events';

/**
 * A rule on the member account's default bus that forwards orgmfa's IAM events to the central bus.
 * It needs a role because the central bus grants by organization, not by account: EventBridge only
 * sends to such a bus with a role of the sending account. EventBridge may assume that role only on
 * behalf of this very rule (`aws:SourceArn`) in this account (`aws:SourceAccount`): the confused-deputy
 * guard AWS recommends for service roles.
 */
export class EventForwardingRule extends Construct {
  /** The forwarding rule. */
  readonly rule: events.Rule;
  /** The role EventBridge uses to put events on the central bus; the target grants it PutEvents there. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EventForwardingRuleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'orgmfa: lets EventBridge forward IAM events to the orgmfa central bus',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: {
          // Pseudo parameters, not the stack's environment: one template serves every account (the
          // StackSet's and the management account's stack are the same template).
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${FORWARDING_RULE_NAME}`,
          },
        },
      }),
    });
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: FORWARDING_RULE_NAME,
      description: 'orgmfa: forwards IAM user and MFA events to the orgmfa hub',
      eventPattern: memberIamEventPattern(),
      targets: [
        new targets.EventBus(events.EventBus.fromEventBusArn(this, 'CentralBus', props.centralEventBusArn), {
          role: this.role,
        }),
      ],
    });
  }
}
