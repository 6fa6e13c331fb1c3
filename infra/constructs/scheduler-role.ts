import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A role for EventBridge Scheduler to assume for the schedules of one schedule group in this account,
 * and for nothing else: Scheduler presents the group as the source (the confused-deputy guard AWS
 * recommends). The schedule's target adds what the role may do.
 */
export function schedulerRole(
  scope: Construct,
  id: string,
  groupName: string,
  description: string,
): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, id, {
    description,
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: groupName,
          }),
        },
      },
    }),
  });
}
