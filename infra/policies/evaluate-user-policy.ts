import type { OrgMfaConfig } from '../../functions/core/config';
import { assumeMemberRolePermissions, describeMemberAccountPermissions } from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { findingsRecordsPermissions, readOrganizationViewPermissions } from './state-objects';

/**
 * The evaluate-user function's AWS permissions: the membership gate, the member role (which reads the
 * user and imports the findings inside the account), and the accounts' findings records. No reports:
 * the event path re-evaluates one user and leaves reporting to the sweep.
 */
export function evaluateUserPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    describeMemberAccountPermissions(config),
    readOrganizationViewPermissions(config),
    assumeMemberRolePermissions(config),
    findingsRecordsPermissions(config),
  );
}
