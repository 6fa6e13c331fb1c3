import type { StepResult } from '../core/actions';
import { evaluateUser } from '../core/compliance/evaluate-user';
import type { FindingRecord } from '../core/compliance/model';
import type { ComplianceSettings } from '../core/config';
import { readUserTarget, type UserTarget } from '../core/user-target';
import { applyEvaluation, type ApplyEvaluationDeps } from '../aws/apply-evaluation';
import { FindingsImportError } from '../aws/import-findings';
import type { Log } from '../aws/log';
import type { MemberAccountDeps } from '../aws/member-account';
import { openOrReject } from '../aws/open-or-reject';
import { readUserFacts } from '../aws/read-user-facts';

/** What re-evaluating one user needs. */
export interface EvaluateUserDeps extends MemberAccountDeps, ApplyEvaluationDeps {
  readonly log: Log;
  readonly compliance: ComplianceSettings;
  /** The hub's region, where findings are imported. */
  readonly region: string;
}

/** Whether a finding is about `user` (its ARN ends in the user name, whatever the path). */
function aboutUser(user: UserTarget): (finding: FindingRecord) => boolean {
  const suffix = `/${user.userName}`;
  return (finding) => /:user\//.test(finding.resourceId) && finding.resourceId.endsWith(suffix);
}

/**
 * Re-evaluates one user after an IAM event changed its password, keys or MFA devices (or deleted it),
 * with fresh per-user reads, and brings its Security Hub findings up to date within seconds: new
 * failures imported, fixed ones resolved (PASSED, ARCHIVED), a deleted user's resolved. Every verdict
 * is recorded with the time of its reads, changed or not, so that a later sweep reading an older
 * credential report leaves it alone. Findings Security Hub refused fail the step (FindingsImportFailed)
 * after the record is written without them.
 */
export async function evaluateUserStep(deps: EvaluateUserDeps, input: unknown): Promise<StepResult> {
  const opened = await openOrReject(deps, {
    input,
    read: readUserTarget,
    purpose: 'evaluate-user',
    step: 're-evaluation',
  });
  if (opened.rejected !== undefined) return opened.rejected;
  const { target: user, account: member } = opened;
  const readAt = deps.clock();
  const facts = await readUserFacts(deps.clients.iam(member), user.userName, readAt);
  const results = facts === undefined ? [] : evaluateUser(facts, { now: readAt });
  const scope = { accountId: user.accountId, region: deps.region, partition: user.partition };
  const { plan, problems } = await applyEvaluation(deps, member, scope, results, {
    inScope: aboutUser(user),
    absentAt: readAt.toISOString(),
    recordEvidence: 'always',
  });
  if (problems.length > 0) throw new FindingsImportError(problems.join('; '));
  deps.log.info('user re-evaluated', {
    accountId: user.accountId,
    userName: user.userName,
    exists: facts !== undefined,
    ...plan.counts,
  });
  return {
    outcome: facts === undefined ? 'UserDeleted' : 'Evaluated',
    reason: null,
    actions:
      plan.imports.length === 0
        ? []
        : [
            {
              type: 'ImportFindings',
              accountId: user.accountId,
              userName: user.userName,
              new: plan.counts.new,
              resolved: plan.counts.resolved,
            },
          ],
  };
}
