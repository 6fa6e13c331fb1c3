import type { OrgMfaConfig } from '../../functions/core/config';
import { combinePermissions, type RolePermissions } from './role-permissions';
import { readSweepResultsPermissions, writeReportsPermissions } from './state-objects';

/**
 * The summarize-sweep function's AWS permissions: reading the Distributed Map's results and writing
 * the summary beside the report. Its metrics go out as embedded-metric-format logs, which need no
 * permission beyond its own log group.
 */
export function summarizeSweepPermissions(config: OrgMfaConfig): RolePermissions {
  return combinePermissions(readSweepResultsPermissions(config), writeReportsPermissions(config));
}
