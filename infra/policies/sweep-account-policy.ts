import type { OrgMfaConfig } from '../../functions/core/config';
import { assumeMemberRolePermissions } from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import {
  deviceRecordsPermissions,
  findingsRecordsPermissions,
  writeReportsPermissions,
} from './state-objects';

/**
 * The sweep-account function's AWS permissions: the member role (credential report, devices, orphan
 * clean-up and findings happen inside the account), the accounts' findings and device records (the
 * orphans' proven ages), and writing the account's part of the sweep report. No Organizations action:
 * each account's membership comes from the sweep's listing.
 */
export function sweepAccountPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    assumeMemberRolePermissions(config),
    findingsRecordsPermissions(config),
    deviceRecordsPermissions(config),
    writeReportsPermissions(config),
  );
}
