import { PutObjectCommand } from '@aws-sdk/client-s3';
import { csvLine } from '../core/csv-line';
import { orphanNotDeleted } from '../core/compliance/evaluate-account';
import type { ActiveFinding } from '../core/compliance/model';
import type { AccountSweepResult } from '../core/sweep-results';
import type { ComplianceSettings } from '../core/config';
import { AccountNotEligibleError, MemberRoleUnavailableError, ThrottledError } from '../core/errors';

import { applyEvaluation, type ApplyEvaluationDeps } from '../aws/apply-evaluation';
import { isAccessDenied, isThrottling } from '../aws/aws-errors';
import { FindingsImportError } from '../aws/import-findings';
import type { Log } from '../aws/log';
import { openMemberAccount, type MemberAccountDeps } from '../aws/member-account';
import { deleteIfStillOrphan } from '../aws/delete-if-still-orphan';
import { assessAccount } from '../aws/assess-account';
import { sweepDeviceEvidence } from '../aws/sweep-device-record';

/** What sweeping one account needs. */
export interface SweepAccountDeps extends MemberAccountDeps, ApplyEvaluationDeps {
  readonly log: Log;
  readonly compliance: ComplianceSettings;
  readonly region: string;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The account's part of the sweep report: one line per active finding (JSON lines and CSV). */
async function writeReport(
  deps: SweepAccountDeps,
  sweepId: string,
  accountId: string,
  active: readonly ActiveFinding[],
) {
  const rows = active.map((f) => ({
    account: accountId,
    resource: f.subject ?? f.resourceId,
    control: f.control,
    status: 'FAILED',
    since: f.since,
  }));
  const csv = [
    'account,resource,control,status,since',
    ...rows.map((r) => csvLine([r.account, r.resource, r.control, r.status, r.since])),
  ].join('\n');
  const s3 = deps.clients.s3(deps.hub);
  const prefix = `reports/sweep=${sweepId}`;
  await Promise.all([
    // An account without active findings has no JSON lines (S3 objects of zero bytes are noise to Athena).
    rows.length === 0
      ? Promise.resolve()
      : s3.send(
          new PutObjectCommand({
            Bucket: deps.stateBucket,
            Key: `${prefix}/format=jsonl/${accountId}.jsonl`,
            Body: `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
            ContentType: 'application/x-ndjson',
          }),
        ),
    s3.send(
      new PutObjectCommand({
        Bucket: deps.stateBucket,
        Key: `${prefix}/format=csv/${accountId}.csv`,
        Body: `${csv}\n`,
        ContentType: 'text/csv',
      }),
    ),
  ]);
}

/** Why an account could not be swept, for the errors that are about the account rather than orgmfa. */
function accountFailure(error: unknown, accountId: string): string | undefined {
  if (
    error instanceof AccountNotEligibleError ||
    error instanceof MemberRoleUnavailableError ||
    error instanceof FindingsImportError
  ) {
    return error.message;
  }
  if (isAccessDenied(error)) return `access denied in account ${accountId}: ${(error as Error).message}`;
  return undefined;
}

/**
 * Sweeps one account: assesses it (see {@link assessAccount}, shared with `orgmfa audit`) with the
 * orphans' ages from orgmfa's device record; deletes those unassigned for longer than the grace period
 * under the orphan safety rule, and writes its listing back to the record (see
 * {@link sweepDeviceEvidence}); imports the changes into the account's Security Hub;
 * writes its part of the report. An account that cannot be swept is a FAILED result with the reason,
 * not an error: the other accounts go on.
 */
export async function sweepAccount(deps: SweepAccountDeps, input: unknown): Promise<AccountSweepResult> {
  const { accountId, sweepId } = input as { accountId: string; sweepId: string };
  try {
    const member = await openMemberAccount(deps, accountId, 'sweep');
    const iam = deps.clients.iam(member);
    const now = deps.clock();
    // Orphans' ages come from orgmfa's own device record, never from a tag a member user could write.
    const evidence = await sweepDeviceEvidence(
      { s3: deps.clients.s3(deps.hub), bucket: deps.stateBucket },
      accountId,
      deps.clock,
    );
    const { usersEvaluated, userResults, account, listing } = await assessAccount(iam, accountId, {
      now,
      orphanGraceHours: deps.compliance.orphanGraceHours,
      deleteOrphans: deps.compliance.deleteOrphans,
      sleep: deps.sleep,
      unassignedSince: evidence.unassignedSince,
    });
    const partition = deps.settings.partition;
    const results = [...userResults, ...account.results];
    const deleted: string[] = [];
    for (const serialNumber of account.orphansToDelete) {
      try {
        const outcome = await deleteIfStillOrphan(deps.log, iam, {
          accountId,
          partition,
          serialNumber,
          cloudTrailEventId: `sweep-${sweepId}`,
        });
        // Any other outcome means the device is gone or assigned now: nothing left to report.
        if (outcome.outcome === 'Deleted') deleted.push(serialNumber);
      } catch (error) {
        if (error instanceof ThrottledError || isThrottling(error)) throw error;
        // Still there, and old: reported (ORGMFA.3) until a later sweep manages to delete it.
        // The error's name only: a message with request ids would re-import the finding every sweep.
        results.push(orphanNotDeleted(serialNumber, (error as Error).name));
      }
    }

    await evidence.record(listing, deleted);
    const orphansDeleted = deleted.length;

    const scope = { accountId, region: deps.region, partition };
    const plan = await applyEvaluation(deps, member, scope, results, () => true);
    await writeReport(deps, sweepId, accountId, plan.active);
    deps.log.info('account swept', { accountId, users: usersEvaluated, orphansDeleted, ...plan.counts });
    return {
      accountId,
      status: 'SUCCEEDED',
      usersEvaluated,
      orphansDeleted,
      findings: { new: plan.counts.new, resolved: plan.counts.resolved, active: plan.active.length },
    };
  } catch (error) {
    const reason = accountFailure(error, accountId);
    if (reason === undefined) throw error;
    deps.log.warn('account not swept', { accountId, reason });
    return { accountId, status: 'FAILED', reason };
  }
}
