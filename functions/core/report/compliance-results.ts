import type { ControlResult } from '../compliance/model';
import type { AccountAssessment, ReportAccount, ReportResult } from './report-model';

/**
 * The one place where the compliance model (functions/core/compliance/model.ts) meets the report
 * model: a control's status is the report's verdict (PASSED, FAILED, or EXEMPT for an exemption in
 * force), its detail and exemption are shown as they are. The audit maps its results here; the sweep
 * maps them here before writing its report parts (see sweep-rows.ts).
 */

/** An account's identity as Organizations names it, when known. */
export interface AccountIdentity {
  readonly accountId: string;
  readonly name?: string;
  /** `Root/Workloads/Prod`: the OU path from the root, when known. */
  readonly ouPath?: string;
}

/** A control result of `accountId` as the report reads it; undefined for PASSED (reports show no passes). */
export function reportResult(accountId: string, result: ControlResult): ReportResult | undefined {
  if (result.status === 'PASSED') return undefined;
  return {
    accountId,
    control: result.control,
    resource: result.resource,
    verdict: result.status,
    detail: result.detail,
    ...(result.status === 'EXEMPT' && result.exemption !== undefined ? { exemption: result.exemption } : {}),
  };
}

/** The results of `accountId` that are not PASSED, as the report reads them. */
export function reportResults(accountId: string, results: readonly ControlResult[]): ReportResult[] {
  return results.flatMap((result) => reportResult(accountId, result) ?? []);
}

/** An account of the report: its identity, and how it was assessed (or why not). */
export function reportAccount(identity: AccountIdentity, assessment: AccountAssessment): ReportAccount {
  return {
    accountId: identity.accountId,
    ...(identity.name === undefined ? {} : { name: identity.name }),
    ...(identity.ouPath === undefined ? {} : { ouPath: identity.ouPath }),
    assessment,
  };
}
