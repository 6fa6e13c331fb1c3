import type { IAMClient } from '@aws-sdk/client-iam';
import { checkFindings, type ObservedFinding } from '../core/compliance/check-findings';
import { orphanNotDeleted } from '../core/compliance/evaluate-account';
import {
  isActiveStatus,
  type ControlResult,
  type FindingRecord,
  type FindingScope,
} from '../core/compliance/model';
import { planImports } from '../core/compliance/plan-imports';
import { seedCheckOf } from '../core/compliance/seed-candidates';
import { suppressedFailures } from '../core/compliance/suppressed-findings';
import type { ComplianceSettings, ProvisioningSettings } from '../core/config';
import { AccountNotEligibleError, MemberRoleUnavailableError, ThrottledError } from '../core/errors';
import { membershipVerdict } from '../core/membership';
import type { ListedAccount } from '../core/organization-listing';
import { capped, type AccountSweepResult } from '../core/sweep-results';
import { applyEvaluation, type Applied, type ApplyEvaluationDeps } from '../aws/apply-evaluation';
import { assessAccount, type Assessment } from '../aws/assess-account';
import { briefly, isAccessDenied, isThrottling } from '../aws/aws-errors';
import { deleteIfStillOrphan } from '../aws/delete-if-still-orphan';
import { readFindingsRecord } from '../aws/findings-record';
import { SecurityHubNotEnabledError } from '../aws/import-findings';
import type { Log } from '../aws/log';
import { openMemberAccount, type MemberAccount, type MemberAccountDeps } from '../aws/member-account';
import { readBackFindings } from '../aws/read-back-findings';
import { sweepDeviceEvidence } from '../aws/sweep-device-record';
import { reportResults } from '../core/report/compliance-results';
import { sweepReportRows } from '../core/report/sweep-rows';
import { writeReport } from './sweep-report';

/** What sweeping one account needs. */
export interface SweepAccountDeps extends MemberAccountDeps, ApplyEvaluationDeps {
  readonly log: Log;
  readonly compliance: ComplianceSettings;
  /** How long provisioned seeds live: which devices are ORGMFA.4's candidates. */
  readonly provisioning: Pick<ProvisioningSettings, 'seedExpirationDays'>;
  readonly region: string;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Why an account could not be swept, for the errors that are about the account rather than orgmfa. */
function accountFailure(error: unknown, accountId: string): string | undefined {
  if (error instanceof AccountNotEligibleError || error instanceof MemberRoleUnavailableError) {
    return error.message;
  }
  if (isAccessDenied(error)) return `access denied in account ${accountId}: ${(error as Error).message}`;
  return undefined;
}

/**
 * Deletes the proven orphans under the orphan safety rule, each on its own; one that could not be
 * deleted is reported (ORGMFA.3 FAILED) until a later sweep manages to delete it.
 */
async function deleteOrphans(
  deps: SweepAccountDeps,
  iam: IAMClient,
  assessment: Assessment,
  sweepId: string,
  accountId: string,
): Promise<{ results: ControlResult[]; deleted: string[] }> {
  const results: ControlResult[] = [];
  const deleted: string[] = [];
  for (const serialNumber of assessment.account.orphansToDelete) {
    try {
      const outcome = await deleteIfStillOrphan(deps.log, iam, {
        accountId,
        partition: deps.settings.partition,
        serialNumber,
        cloudTrailEventId: `sweep-${sweepId}`,
      });
      // Any other outcome means the device is gone or assigned now: nothing left to report.
      if (outcome.outcome === 'Deleted') deleted.push(serialNumber);
    } catch (error) {
      if (error instanceof ThrottledError || isThrottling(error)) throw error;
      // The error's name only: a message with request ids would re-import the finding every sweep.
      results.push(orphanNotDeleted(serialNumber, (error as Error).name, assessment.readAt));
    }
  }
  return { results, deleted };
}

/** The warning line of a finding Security Hub held ACTIVE that orgmfa's record did not know. */
function repairedLine(record: FindingRecord): string {
  const what = record.status === 'PASSED' ? 'resolved' : `adopted as ${record.status}`;
  return `${record.control} ${record.subject ?? record.resourceId}: ACTIVE in Security Hub but not in orgmfa's record (an import whose record write was lost): repaired, ${what}`;
}

/**
 * orgmfa's findings as Security Hub CSPM holds them, for the read-back; undefined when the member role
 * may not read them (a member stack older than the hub), which is a warning, not a failure.
 */
async function observedFindings(
  deps: SweepAccountDeps,
  member: MemberAccount,
  scope: FindingScope,
  warnings: string[],
): Promise<ObservedFinding[] | undefined> {
  try {
    return await readBackFindings(deps.clients.securityHub(member), scope);
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    warnings.push(`orgmfa's findings could not be read back (${briefly(error)}): tampering not checked`);
    return undefined;
  }
}

/** Applies the results without Security Hub CSPM: the record as it would become, nothing imported or written. */
async function withoutSecurityHub(
  deps: SweepAccountDeps,
  scope: FindingScope,
  results: readonly ControlResult[],
  assessment: Assessment,
): Promise<Applied> {
  const record = await readFindingsRecord(deps.clients.s3(deps.hub), deps.stateBucket, scope.accountId);
  const plan = planImports({
    scope,
    records: record.findings,
    results,
    inScope: assessment.inScope,
    absentAt: assessment.readAt,
    recordEvidence: 'on-change',
    now: deps.clock(),
  });
  return { plan, counts: plan.counts, records: plan.records, problems: [], tampered: [], repaired: [] };
}

/**
 * Sweeps one account of the listing: one that is not ACTIVE is SKIPPED with its state as the reason,
 * without a call. Otherwise it assesses it (see {@link assessAccount}, shared with `orgmfa audit`) with the
 * orphans' ages from orgmfa's device record; deletes those unassigned for longer than the grace period
 * under the orphan safety rule, and writes its listing back to the record (see
 * {@link sweepDeviceEvidence}); reads orgmfa's findings back from Security Hub CSPM and
 * reports any that disagree with the record (tampering); imports the changes into the account's
 * Security Hub CSPM; writes its part of the report. Steps that fail on their own (a skipped report line,
 * an orphan that cannot be deleted, a refused import batch) are reported and the rest goes on; an account without Security
 * Hub CSPM is evaluated and reported, nothing imported. An account that cannot be swept at all is a
 * FAILED result with the reason, not an error: the other accounts go on.
 */
export async function sweepAccount(
  deps: SweepAccountDeps,
  account: ListedAccount,
  sweepId: string,
): Promise<AccountSweepResult> {
  const { accountId } = account;
  // The listing's own word on the account: no Organizations call per account.
  const listed = { id: accountId, arn: account.arn, state: account.state };
  const verdict = membershipVerdict(accountId, listed, deps.settings.organizationId);
  if (!verdict.eligible) {
    deps.log.info('account listed, not swept', { accountId, reason: verdict.reason });
    return { accountId, status: 'SKIPPED', reason: verdict.reason };
  }
  try {
    const member = await openMemberAccount(deps, accountId, 'sweep', listed);
    const iam = deps.clients.iam(member);
    const now = deps.clock();
    const s3 = deps.clients.s3(deps.hub);
    // Orphans' ages come from orgmfa's own device record, never from a tag a member user could write.
    // The findings record tells which users' exemption changed since their last verdict (read fresh),
    // and which seeds orgmfa reports uncollected (their devices' tags are read whatever their age).
    const [evidence, findingsRecord] = await Promise.all([
      sweepDeviceEvidence({ s3, bucket: deps.stateBucket }, accountId, deps.clock),
      readFindingsRecord(s3, deps.stateBucket, accountId),
    ]);
    const assessment = await assessAccount(iam, accountId, {
      now,
      orphanGraceHours: deps.compliance.orphanGraceHours,
      deleteOrphans: deps.compliance.deleteOrphans,
      sleep: deps.sleep,
      unassignedSince: evidence.unassignedSince,
      // The sweep's first pass asked IAM for it: it is read at once.
      reportRequested: true,
      records: findingsRecord.findings,
      seedCheck: seedCheckOf(deps.provisioning, findingsRecord.findings),
    });
    const warnings = [...assessment.warnings];
    const orphans = await deleteOrphans(deps, iam, assessment, sweepId, accountId);
    await evidence.record(assessment.listing, orphans.deleted);
    const results = [...assessment.userResults, ...assessment.account.results, ...orphans.results];
    const scope = { accountId, region: deps.region, partition: deps.settings.partition };

    let applied: Applied;
    let observed: ObservedFinding[] | undefined;
    let securityHubEnabled = true;
    try {
      const seen = await observedFindings(deps, member, scope, warnings);
      observed = seen;
      applied = await applyEvaluation(deps, member, scope, results, {
        inScope: assessment.inScope,
        absentAt: assessment.readAt,
        recordEvidence: 'on-change',
        ...(seen === undefined
          ? {}
          : { check: (records) => checkFindings(records, seen, deps.clock(), scope) }),
      });
    } catch (error) {
      if (!(error instanceof SecurityHubNotEnabledError)) throw error;
      securityHubEnabled = false;
      applied = await withoutSecurityHub(deps, scope, results, assessment);
    }
    warnings.push(
      ...applied.problems,
      ...applied.repaired.map(repairedLine),
      ...suppressedFailures(applied.records, observed ?? []),
    );

    const tampering = applied.tampered.map((t) => `${t.control} ${t.resource}: ${t.problem}`);
    const notes = securityHubEnabled
      ? warnings
      : [...warnings, new SecurityHubNotEnabledError(accountId, deps.region).message];
    await writeReport(
      deps,
      sweepId,
      accountId,
      sweepReportRows(scope, applied.records, reportResults(accountId, results), applied.tampered, notes),
    );
    const active = applied.records.filter((r) => isActiveStatus(r.status));
    const counts = applied.counts;
    deps.log.info('account swept', {
      accountId,
      users: assessment.usersEvaluated,
      orphansDeleted: orphans.deleted.length,
      securityHubEnabled,
      warnings: warnings.length,
      tampered: tampering.length,
      ...counts,
    });
    if (tampering.length > 0) deps.log.warn('findings disagree with the record', { accountId, tampering });
    return {
      accountId,
      status: 'SUCCEEDED',
      usersEvaluated: assessment.usersEvaluated,
      usersWithMfa: assessment.usersWithMfa,
      orphansDeleted: orphans.deleted.length,
      findings: {
        imported: securityHubEnabled ? counts.new : 0,
        resolved: securityHubEnabled ? counts.resolved : 0,
        active: active.filter((r) => r.status === 'FAILED').length,
        exempt: active.filter((r) => r.status === 'EXEMPT').length,
        tampered: tampering.length,
      },
      securityHubEnabled,
      warnings: capped(warnings),
      tampering: capped(tampering),
    };
  } catch (error) {
    const reason = accountFailure(error, accountId);
    if (reason === undefined) throw error;
    deps.log.warn('account not swept', { accountId, reason });
    return { accountId, status: 'FAILED', reason };
  }
}
