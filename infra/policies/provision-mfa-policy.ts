import type { OrgMfaConfig } from '../../functions/core/config';
import {
  assumeMemberRolePermissions,
  describeMemberAccountPermissions,
  listAncestorsPermissions,
} from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { readOrganizationViewPermissions } from './state-objects';

/**
 * The provision-mfa function's AWS permissions: the membership gate, the account's ancestry (for the
 * per-OU opt-in) and the member role. What it does inside a member account is granted by the member role.
 */
export function provisionMfaPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    describeMemberAccountPermissions(config),
    readOrganizationViewPermissions(config),
    listAncestorsPermissions(config),
    assumeMemberRolePermissions(config),
  );
}
