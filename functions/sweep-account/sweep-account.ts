import { COMPLIANCE_TAG_KEYS } from '../core/compliance/tags';
import { TagMFADeviceCommand } from '@aws-sdk/client-iam';
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
 * Sweeps one account: assesses it (see {@link assessAccount}, shared with `orgmfa audit`); tags newly
 * seen unassigned devices with the time (so their age can later be proven) and deletes those older than
 * the grace period under the orphan safety rule; imports the changes into the account's Security Hub;
 * writes its part of the report. An account that cannot be swept is a FAILED result with the reason,
 * not an error: the other accounts go on.
 */
export async function sweepAccount(deps: SweepAccountDeps, input: unknown): Promise<AccountSweepResult> {
  const { accountId, sweepId } = input as { accountId: string; sweepId: string };
  try {
    const member = await openMemberAccount(deps, accountId, 'sweep');
    const iam = deps.clients.iam(member);
    const now = deps.clock();
    const { usersEvaluated, userResults, account } = await assessAccount(iam, accountId, {
      now,
      orphanGraceHours: deps.compliance.orphanGraceHours,
      deleteOrphans: deps.compliance.deleteOrphans,
      sleep: deps.sleep,
    });

    // Record when each new unassigned device was first seen: its age must be provable later.
    await Promise.all(
      account.newlySeen.map((serial) =>
        iam.send(
          new TagMFADeviceCommand({
            SerialNumber: serial,
            Tags: [{ Key: COMPLIANCE_TAG_KEYS.firstSeen, Value: now.toISOString() }],
          }),
        ),
      ),
    );
    const partition = deps.settings.partition;
    const results = [...userResults, ...account.results];
    let orphansDeleted = 0;
    for (const serialNumber of account.orphansToDelete) {
      try {
        const outcome = await deleteIfStillOrphan(deps.log, iam, {
          accountId,
          partition,
          serialNumber,
          cloudTrailEventId: `sweep-${sweepId}`,
        });
        // Any other outcome means the device is gone or assigned now: nothing left to report.
        if (outcome.outcome === 'Deleted') orphansDeleted++;
      } catch (error) {
        if (error instanceof ThrottledError || isThrottling(error)) throw error;
        // Still there, and old: reported (ORGMFA.3) until a later sweep manages to delete it.
        // The error's name only: a message with request ids would re-import the finding every sweep.
        results.push(orphanNotDeleted(serialNumber, (error as Error).name));
      }
    }

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
