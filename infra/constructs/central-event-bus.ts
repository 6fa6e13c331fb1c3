import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Properties of {@link CentralEventBus}. */
export interface CentralEventBusProps {
  /** The bus name; members build its ARN from configuration, so it is fixed. */
  readonly eventBusName: string;
  /** Only principals of this organization may put events on the bus. */
  readonly organizationId: string;
}

/**
 * The hub's central event bus, which every member account's forwarding rule sends to. Its policy
 * admits any principal of the organization and nobody else, so that new accounts need no change here.
 */
export class CentralEventBus extends Construct {
  /** The bus. */
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: CentralEventBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName,
      description: 'orgmfa: IAM events forwarded by the accounts of the organization',
    });
    // The policy is a property of the bus itself rather than a separate AWS::Events::EventBusPolicy:
    // the bus never exists without it, and the bus ARN is known from its fixed name.
    const busArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: props.eventBusName,
    });
    const cfnBus = this.bus.node.defaultChild as events.CfnEventBus;
    cfnBus.policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'PutEventsFromOrganization',
          principals: [new iam.StarPrincipal()],
          actions: ['events:PutEvents'],
          resources: [busArn],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        }),
      ],
    });
  }
}
