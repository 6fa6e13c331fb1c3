import * as iam from 'aws-cdk-lib/aws-iam';
import type { OrgMfaConfig } from '../../functions/core/config';
import { listAncestorsPermissions, organizationAccountsArn } from './member-access-permissions';
import { wildcardResourceFinding } from './nag-finding-ids';
import { combinePermissions, type RolePermissions } from './role-permissions';
import {
  sweepListingsPermissions,
  writeOrganizationViewPermissions,
  writeSweepAccountListsPermissions,
} from './state-objects';

/** ARN pattern of every OU of the organization, as Organizations names them. */
function organizationUnitsArn(config: OrgMfaConfig): string {
  return `arn:${config.partition}:organizations::${config.managementAccountId}:ou/${config.organizationId}/*`;
}

/** ARN pattern of the organization's root (a root's id is known only once the organization exists). */
function organizationRootsArn(config: OrgMfaConfig): string {
  return `arn:${config.partition}:organizations::${config.managementAccountId}:root/${config.organizationId}/*`;
}

/**
 * The list-accounts function's AWS permissions: walking the configured targets (their accounts and
 * child OUs per parent, their paths by names), describing the management account, keeping the listing
 * in progress, writing the sweep's account list and the organization view. It never enters a member
 * account, and it describes no other account one by one.
 */
export function listAccountsPermissions(config: OrgMfaConfig): RolePermissions {
  const roots = organizationRootsArn(config);
  const units = organizationUnitsArn(config);
  const managementAccount = organizationAccountsArn(config).replace(/\*$/, config.managementAccountId);
  return combinePermissions(
    {
      statements: [
        new iam.PolicyStatement({
          sid: 'ListRoots',
          actions: ['organizations:ListRoots'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'ListTargetChildren',
          actions: ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
          resources: [roots, units],
        }),
        new iam.PolicyStatement({
          sid: 'NameTargetUnits',
          actions: ['organizations:DescribeOrganizationalUnit'],
          resources: [units],
        }),
        new iam.PolicyStatement({
          sid: 'DescribeManagementAccount',
          actions: ['organizations:DescribeAccount'],
          resources: [managementAccount],
        }),
        writeOrganizationViewPermissions(config),
      ],
      acknowledgements: [
        {
          id: wildcardResourceFinding('*'),
          reason:
            'organizations:ListRoots is a list action, which Organizations does not scope to resources; the hub can see only its own organization.',
        },
        {
          id: wildcardResourceFinding(roots),
          reason:
            "The organization's root: its id exists only once the organization does; the ARN's organization id limits it to this organization.",
        },
        {
          id: wildcardResourceFinding(units),
          reason:
            "Any OU of the organization can be a target's descendant; the ARN's organization id limits it to this organization.",
        },
      ],
    },
    // A target's path by names, and the management account's: ListParents up to the root.
    listAncestorsPermissions(config),
    sweepListingsPermissions(config),
    writeSweepAccountListsPermissions(config),
  );
}
