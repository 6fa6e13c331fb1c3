import type { OrgMfaConfig } from '../../functions/core/config';
import {
  assumeMemberRolePermissions,
  describeMemberAccountPermissions,
  listAncestorsPermissions,
} from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { deviceRecordsPermissions, readOrganizationViewPermissions } from './state-objects';

/**
 * The provision-mfa function's AWS permissions: the membership gate, the account's ancestry (for the
 * per-OU opt-in), the member role, and the accounts' device records (a device in the way of a new
 * user's is claimed there and decided on by the orphan rule). What it does inside a member account is
 * granted by the member role.
 */
export function provisionMfaPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    describeMemberAccountPermissions(config),
    readOrganizationViewPermissions(config),
    listAncestorsPermissions(config),
    assumeMemberRolePermissions(config),
    deviceRecordsPermissions(config),
  );
}
