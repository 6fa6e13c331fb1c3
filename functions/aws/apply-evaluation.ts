import type { ActiveFinding, ControlResult, FindingScope, ImportPlan } from '../core/compliance/model';
import { planImports } from '../core/compliance/plan-imports';
import type { AwsClients, ClientScope } from './clients';
import { readFindingsRecord, RecordConflictError, writeFindingsRecord } from './findings-record';
import { importFindings } from './import-findings';
import type { MemberAccount } from './member-account';

/** What applying an evaluation needs. */
export interface ApplyEvaluationDeps {
  readonly clients: AwsClients;
  readonly hub: ClientScope;
  /** The hub's state bucket (findings records, sweep files, reports). */
  readonly stateBucket: string;
  readonly clock: () => Date;
}

/** Conflicting writers (event path and sweep on one account) retry this often before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * Turns control results into Security Hub state: reads the account's record of active findings, plans
 * the imports (new failures, resolutions of what is fixed or gone within `inScope`), imports them from
 * inside the member account (the default product ARN requires the finding's own account), and writes
 * the record back with a conditional write, re-planning if another writer got there first.
 */
export async function applyEvaluation(
  deps: ApplyEvaluationDeps,
  member: MemberAccount,
  scope: FindingScope,
  results: readonly ControlResult[],
  inScope: (finding: ActiveFinding) => boolean,
): Promise<ImportPlan> {
  const s3 = deps.clients.s3(deps.hub);
  for (let attempt = 1; ; attempt++) {
    const record = await readFindingsRecord(s3, deps.stateBucket, scope.accountId);
    const plan = planImports({
      scope,
      active: [...record.active],
      results: [...results],
      inScope,
      now: deps.clock(),
    });
    if (plan.imports.length === 0) return plan;
    await importFindings(deps.clients.securityHub(member), scope.accountId, plan.imports);
    try {
      await writeFindingsRecord(s3, deps.stateBucket, scope.accountId, record, plan.active);
      return plan;
    } catch (error) {
      if (!(error instanceof RecordConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
