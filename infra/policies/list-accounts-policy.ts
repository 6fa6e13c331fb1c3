import * as iam from 'aws-cdk-lib/aws-iam';
import type { OrgMfaConfig } from '../../functions/core/config';
import { wildcardResourceFinding } from './nag-finding-ids';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { writeSweepAccountListsPermissions } from './state-objects';

/**
 * The list-accounts function's AWS permissions: listing the organization's accounts and writing the
 * sweep's account list. It never enters a member account.
 */
export function listAccountsPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    {
      statements: [
        new iam.PolicyStatement({
          sid: 'ListOrganizationAccounts',
          actions: ['organizations:ListAccounts'],
          resources: ['*'],
        }),
      ],
      acknowledgements: [
        {
          id: wildcardResourceFinding('*'),
          reason:
            'organizations:ListAccounts is a list action, which Organizations does not scope to resources; the hub can see only its own organization.',
        },
      ],
    },
    writeSweepAccountListsPermissions(config),
  );
}
