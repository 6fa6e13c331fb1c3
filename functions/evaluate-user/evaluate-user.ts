import type { StepResult } from '../core/actions';
import { evaluateUser } from '../core/compliance/evaluate-user';
import type { ActiveFinding } from '../core/compliance/model';
import type { ComplianceSettings } from '../core/compliance-settings';
import { readUserTarget, type UserTarget } from '../core/user-target';
import { applyEvaluation, type ApplyEvaluationDeps } from '../aws/apply-evaluation';
import type { Log } from '../aws/log';
import { rejectionOf } from '../aws/rejection';
import { openMemberAccount, type MemberAccountDeps } from '../aws/member-account';
import { readUserFacts } from './read-user-facts';

/** What re-evaluating one user needs. */
export interface EvaluateUserDeps extends MemberAccountDeps, ApplyEvaluationDeps {
  readonly log: Log;
  readonly compliance: ComplianceSettings;
  /** The hub's region, where findings are imported. */
  readonly region: string;
}

/** Whether an active finding is about `user` (its ARN ends in the user name, whatever the path). */
function aboutUser(user: UserTarget): (finding: ActiveFinding) => boolean {
  const suffix = `/${user.userName}`;
  return (finding) => /:user\//.test(finding.resourceId) && finding.resourceId.endsWith(suffix);
}

/**
 * Re-evaluates one user after an IAM event changed its password, keys or MFA devices (or deleted it),
 * with fresh per-user reads, and brings its Security Hub findings up to date within seconds: new
 * failures imported, fixed ones resolved (PASSED, ARCHIVED), a deleted user's resolved.
 */
export async function evaluateUserStep(deps: EvaluateUserDeps, input: unknown): Promise<StepResult> {
  let user: UserTarget;
  let member;
  try {
    user = readUserTarget(input);
    member = await openMemberAccount(deps, user.accountId, 'evaluate-user');
  } catch (error) {
    const rejected = rejectionOf(error, deps.log, 're-evaluation');
    if (rejected === undefined) throw error;
    return rejected;
  }
  const facts = await readUserFacts(deps.clients.iam(member), user.userName);
  const results = facts === undefined ? [] : evaluateUser(facts, { now: deps.clock() });
  const scope = { accountId: user.accountId, region: deps.region, partition: user.partition };
  const plan = await applyEvaluation(deps, member, scope, results, aboutUser(user));
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
