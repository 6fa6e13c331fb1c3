import * as iam from 'aws-cdk-lib/aws-iam';
import { memberRoleArn } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';

type MemberAccessConfig = Pick<
  OrgMfaConfig,
  'partition' | 'organizationId' | 'managementAccountId' | 'memberRoleName'
>;

/**
 * Allows a hub role to assume the member role in any account of the organization. The account part of
 * the ARN has to be `*` (accounts join and leave), so `aws:ResourceOrgID` is what stops the hub from
 * assuming a look-alike role in an account outside the organization.
 */
export function assumeMemberRolePermissions(config: MemberAccessConfig): RolePermissions {
  const anyMemberRole = memberRoleArn(config.partition, '*', config.memberRoleName);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'AssumeMemberRoleInOrganization',
        actions: ['sts:AssumeRole'],
        resources: [anyMemberRole],
        conditions: { StringEquals: { 'aws:ResourceOrgID': config.organizationId } },
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding(anyMemberRole),
        reason:
          'The member role exists in every account of the organization, and accounts join at any time; aws:ResourceOrgID limits the wildcard account to the organization.',
      },
    ],
  };
}

/**
 * Allows a hub role to check that an account belongs to the organization (the membership gate that
 * runs before any action). Organizations' account ARNs carry the organization id, which scopes this to
 * the organization's own accounts.
 */
export function describeMemberAccountPermissions(config: MemberAccessConfig): RolePermissions {
  const organizationAccounts = organizationAccountsArn(config);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'DescribeOrganizationAccounts',
        actions: ['organizations:DescribeAccount'],
        resources: [organizationAccounts],
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding(organizationAccounts),
        reason:
          "The membership gate describes whichever account an event came from; the ARN's organization id limits it to this organization's accounts.",
      },
    ],
  };
}

/** ARN pattern of every account of the organization, as Organizations names them. */
export function organizationAccountsArn(
  config: Pick<OrgMfaConfig, 'partition' | 'managementAccountId' | 'organizationId'>,
): string {
  return `arn:${config.partition}:organizations::${config.managementAccountId}:account/${config.organizationId}/*`;
}

/**
 * Allows a hub role to walk an account's ancestry (ListParents on accounts and OUs), to decide whether
 * provisioning applies to the account's OU.
 */
export function listAncestorsPermissions(config: MemberAccessConfig): RolePermissions {
  const resources = [
    organizationAccountsArn(config),
    `arn:${config.partition}:organizations::${config.managementAccountId}:ou/${config.organizationId}/*`,
  ];
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'ListParentsInOrganization',
        actions: ['organizations:ListParents'],
        resources,
      }),
    ],
    acknowledgements: resources.map((resource) => ({
      id: wildcardResourceFinding(resource),
      reason:
        "Any account or OU of the organization can be an event's ancestor; the ARN's organization id limits it to this organization.",
    })),
  };
}
