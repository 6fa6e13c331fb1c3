import type { ObservedFinding } from './check-findings';
import type { FindingRecord } from './model';

/**
 * A principal of the member account may set the workflow fields of orgmfa's findings with
 * BatchUpdateFindings (Workflow.Status, Severity, VerificationState, Note): that is Security Hub CSPM's
 * intended triage, not tampering, and orgmfa's imports never change those fields. But a finding whose
 * Workflow.Status is SUPPRESSED "is no longer updated" (Security Hub CSPM's API reference), so a failure
 * that someone suppressed may stay out of sight while the problem lasts. The sweep's read-back says so,
 * one warning per such finding, so that the Security Hub administrator can review the suppression.
 */
export function suppressedFailures(
  records: readonly FindingRecord[],
  observed: readonly ObservedFinding[],
): string[] {
  const suppressed = new Set(observed.filter((f) => f.workflowStatus === 'SUPPRESSED').map((f) => f.id));
  if (suppressed.size === 0) return [];
  return records
    .filter((record) => record.status === 'FAILED' && suppressed.has(record.id))
    .map(
      (record) =>
        `${record.control} ${record.subject ?? record.resourceId}: failing, but SUPPRESSED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which no longer updates a suppressed finding: review the suppression`,
    );
}
