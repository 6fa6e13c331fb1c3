import type { OrgMfaConfig } from '../../functions/core/config';
import { assumeMemberRolePermissions, describeMemberAccountPermissions } from './member-access-permissions';
import { combinePermissions, type RolePermissions } from './role-permissions';
import {
  deviceRecordsPermissions,
  findingsRecordsPermissions,
  writeReportsPermissions,
} from './state-objects';

/**
 * The sweep-account function's AWS permissions: the membership gate, the member role (credential
 * report, devices, orphan clean-up and findings happen inside the account), the accounts' findings
 * and device records (the orphans' proven ages), and writing the account's part of the sweep report.
 */
export function sweepAccountPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    describeMemberAccountPermissions(config),
    assumeMemberRolePermissions(config),
    findingsRecordsPermissions(config),
    deviceRecordsPermissions(config),
    writeReportsPermissions(config),
  );
}
