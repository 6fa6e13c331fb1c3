import type { OrgMfaConfig } from '../../functions/core/config';
import { assumeMemberRolePermissions, describeMemberAccountPermissions } from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';

/**
 * The cleanup-orphan function's AWS permissions: the membership gate and the member role. Everything
 * it does inside a member account is granted by the member role, not here.
 */
export function cleanUpOrphanPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(describeMemberAccountPermissions(config), assumeMemberRolePermissions(config));
}
