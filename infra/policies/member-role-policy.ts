import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';

/** Who may assume the member role. Values may be CloudFormation parameters (tokens). */
export interface MemberRoleTrustProps {
  /** The hub account. */
  readonly hubAccountId: string;
  /** The organization both accounts belong to. */
  readonly organizationId: string;
  /** Exact ARNs of the hub roles allowed in (see `trustedHubRoleArns`); may be a list token. */
  readonly trustedPrincipalArns: string[];
}

/**
 * The member role's trust: the hub account as principal, narrowed by condition to the exact hub role
 * ARNs and to principals of the organization.
 *
 * The roles are named in `aws:PrincipalArn` rather than as principals because IAM turns a role
 * principal into the role's unique id: once the hub role is recreated, a role-principal trust silently
 * stops matching (and a trust naming a role that does not exist yet cannot even be saved). An account
 * principal plus `ArnEquals` keeps working across re-deployments of the hub.
 */
export function memberRoleTrust(props: MemberRoleTrustProps): iam.IPrincipal {
  return new iam.PrincipalWithConditions(new iam.AccountPrincipal(props.hubAccountId), {
    ArnEquals: { 'aws:PrincipalArn': props.trustedPrincipalArns },
    StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
  });
}

/**
 * What the hub may do in a member account, as one list: every action orgmfa uses in member accounts
 * is added here, scoped to the narrowest resource IAM allows, with the reason for any wildcard.
 */
export function memberRolePermissions(): RolePermissions {
  // Virtual MFA devices of the account the member role lives in.
  const thisAccountsMfaDevices = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:mfa/*`;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'ListVirtualMfaDevices',
        actions: ['iam:ListVirtualMFADevices'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DeleteOrphanedVirtualMfaDevices',
        actions: ['iam:DeleteVirtualMFADevice'],
        resources: [thisAccountsMfaDevices],
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding('*'),
        reason: 'iam:ListVirtualMFADevices is a list action, which IAM does not scope to resources.',
      },
      {
        // cdk-nag renders the pseudo parameters of the ARN this way.
        id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*'),
        reason:
          'An orphaned device can have any name the user chose; deletion is limited to this account, and only devices a fresh Unassigned listing contains are deleted.',
      },
    ],
  };
}
