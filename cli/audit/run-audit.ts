import { incompleteCoverage } from '../../functions/core/coverage';
import { assessAccount } from '../../functions/aws/assess-account';
import { openMemberAccount } from '../../functions/aws/member-account';
import type { AccountDescription } from '../../functions/core/membership';
import { unassignedSinceBySerial } from '../../functions/core/device-evidence';
import { reportAccount, reportResults } from '../../functions/core/report/compliance-results';
import type { ReportInput } from '../../functions/core/report/report-model';
import type { ReportSummary } from '../../functions/core/report/summary';
import { seedCheckOf } from '../../functions/core/compliance/seed-candidates';
import { readDeviceRecordAsOperator, readFindingsRecordAsOperator, type OperatorDeps } from '../operator';
import type { ReportOutputFlags } from '../report-output';
import type { CliRuntime } from '../runtime';
import { eachAccount, type EachAccountOptions, type RunContext } from './each-account';

/** `orgmfa audit` options. */
export interface AuditOptions extends EachAccountOptions, ReportOutputFlags {
  readonly failOnFindings?: boolean;
}

const SESSION_PURPOSE = 'audit-cli';

/** One account, read and evaluated: the sweep's assessment, with orphans' ages from the hub's record. */
async function auditAccount(
  deps: OperatorDeps,
  accountId: string,
  context: RunContext,
  listed: AccountDescription | undefined,
) {
  const [member, devices, findings] = await Promise.all([
    openMemberAccount(deps, accountId, SESSION_PURPOSE, listed),
    // Orphans' ages: orgmfa's own record in the hub, as the sweep reads it.
    readDeviceRecordAsOperator(deps, accountId),
    // Which seeds orgmfa reports uncollected (ORGMFA.4), as the sweep reads them.
    readFindingsRecordAsOperator(deps, accountId),
  ]);
  return assessAccount(deps.clients.iam(member), accountId, {
    now: context.now,
    orphanGraceHours: deps.compliance.orphanGraceHours,
    // Read-only: an old unassigned device is reported, never deleted, by an audit.
    deleteOrphans: false,
    sleep: context.sleep,
    unassignedSince: unassignedSinceBySerial(devices.record),
    seedCheck: seedCheckOf(deps.provisioning, findings.findings),
  });
}

/**
 * `orgmfa audit`: a read-only audit of the organization with the sweep's own evaluation code (one
 * implementation of every control), from the management or delegated-administrator account. The
 * organization is learned from AWS (see operatorDeps), the accounts' names from Organizations.
 * Nothing is imported, tagged or deleted. Accounts that cannot be read are listed with the reason.
 * Returns what the report is built from.
 */
export async function runAudit(options: AuditOptions, runtime: CliRuntime): Promise<ReportInput> {
  const generatedAt = runtime.now();
  const { deps, outcomes } = await eachAccount(options, runtime, auditAccount);
  return {
    generatedAt,
    source: { kind: 'audit' },
    partition: deps.settings.partition,
    region: deps.hubRegion,
    organizationId: deps.settings.organizationId,
    accounts: outcomes.map((outcome) =>
      outcome.ok
        ? reportAccount(outcome.identity, {
            status: 'ASSESSED',
            usersEvaluated: outcome.value.usersEvaluated,
            usersWithMfa: outcome.value.usersWithMfa,
            warnings: outcome.value.warnings,
          })
        : reportAccount(outcome.identity, { status: 'NOT_ASSESSED', reason: outcome.reason }),
    ),
    results: outcomes.flatMap((outcome) =>
      outcome.ok
        ? reportResults(outcome.accountId, [...outcome.value.userResults, ...outcome.value.account.results])
        : [],
    ),
  };
}

/**
 * Why the audit did not cover the organization, in one line; undefined when it did: an account not
 * audited, an account with warnings, or no account at all.
 */
export function auditCoverage(summary: ReportSummary): string | undefined {
  return incompleteCoverage({
    assessed: summary.accounts.assessed,
    failed: summary.notAssessed,
    warnings: summary.warnings,
  });
}
