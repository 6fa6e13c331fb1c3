/**
 * The cdk-nag finding id for an IAM wildcard resource, as `Validations.acknowledge` expects it.
 * Tokens appear as cdk-nag renders them, e.g. `arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*`.
 */
export function wildcardResourceFinding(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}
