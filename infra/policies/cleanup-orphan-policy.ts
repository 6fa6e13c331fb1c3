import type { OrgMfaConfig } from '../../functions/core/config';
import { assumeMemberRolePermissions, describeMemberAccountPermissions } from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { deviceRecordsPermissions, readOrganizationViewPermissions } from './state-objects';

/**
 * The cleanup-orphan function's AWS permissions: the accounts' device records (orgmfa's evidence,
 * read before anything else), the membership gate and the member role. Everything it does inside a
 * member account is granted by the member role, not here.
 */
export function cleanUpOrphanPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    deviceRecordsPermissions(config),
    describeMemberAccountPermissions(config),
    readOrganizationViewPermissions(config),
    assumeMemberRolePermissions(config),
  );
}
