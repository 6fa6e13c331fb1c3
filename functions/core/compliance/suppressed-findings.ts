import type { ObservedFinding } from './check-findings';
import type { FindingRecord } from './model';

/**
 * A principal of the member account may set the workflow fields of orgmfa's findings with
 * BatchUpdateFindings (Workflow.Status, Severity, VerificationState, Note): that is Security Hub CSPM's
 * intended triage, not tampering, and orgmfa's imports never change those fields. But a finding whose
 * Workflow.Status is SUPPRESSED "is no longer updated" (Security Hub CSPM's API reference), so a failure
 * that someone suppressed may stay out of sight while the problem lasts; and a RESOLVED one is reset to
 * NEW only when its compliance changes to FAILED or it becomes ACTIVE again, never while it keeps
 * failing (WorkflowUpdate in the same reference). The sweep's read-back says so, one warning per such
 * finding, so that the Security Hub administrator can review it.
 */
export function suppressedFailures(
  records: readonly FindingRecord[],
  observed: readonly ObservedFinding[],
): string[] {
  const workflow = new Map(observed.map((f) => [f.id, f.workflowStatus]));
  return records.flatMap((record) => {
    if (record.status !== 'FAILED') return [];
    const what = `${record.control} ${record.subject ?? record.resourceId}: failing, but`;
    switch (workflow.get(record.id)) {
      case 'SUPPRESSED':
        return [
          `${what} SUPPRESSED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which no longer updates a suppressed finding: review the suppression`,
        ];
      case 'RESOLVED':
        return [
          `${what} RESOLVED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which stays so while it keeps failing and hides it from views of open findings: review the resolution`,
        ];
      default:
        return [];
    }
  });
}
