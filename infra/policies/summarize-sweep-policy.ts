import type { OrgMfaConfig } from '../../functions/core/config';
import { combinePermissions, type RolePermissions } from './role-permissions';
import {
  readReportPartsPermissions,
  readSweepAccountListsPermissions,
  readSweepResultsPermissions,
  writeReportsPermissions,
} from './state-objects';

/**
 * The summarize-sweep function's AWS permissions: reading the Distributed Map's results, the sweep's
 * account list (names and OU paths) and the accounts' JSON-lines report parts, and writing the summary
 * and the organization's HTML and OCSF report beside them. Its metrics go out as embedded-metric-format
 * logs, which need no permission beyond its own log group.
 */
export function summarizeSweepPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(
    readSweepResultsPermissions(config),
    readSweepAccountListsPermissions(config),
    readReportPartsPermissions(config),
    writeReportsPermissions(config),
  );
}
