import type { FindingsCheck, TamperedFinding } from '../core/compliance/check-findings';
import type {
  ControlResult,
  FindingRecord,
  FindingScope,
  ImportPlan,
  PlanCounts,
} from '../core/compliance/model';
import {
  countsAfterImport,
  planImports,
  recordsAfterImport,
  type ImportPlanInput,
} from '../core/compliance/plan-imports';
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
  /** Waits, for a read-back that must let another writer finish (see FindingsCheck.settlesAt). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How an evaluation's results are applied (see planImports). */
export interface ApplyOptions extends Pick<ImportPlanInput, 'inScope' | 'absentAt' | 'recordEvidence'> {
  /** The sweep's read-back: compares the record with what Security Hub holds. */
  readonly check?: (records: readonly FindingRecord[]) => FindingsCheck;
}

/** What applying did: the plan, what of it was done, the record written, and what did not work out. */
export interface Applied {
  readonly plan: ImportPlan;
  /** The plan's counts without the imports Security Hub refused. */
  readonly counts: PlanCounts;
  /** The account's record afterwards (without the findings Security Hub refused). */
  readonly records: readonly FindingRecord[];
  /** One line per refused batch or finding. */
  readonly problems: readonly string[];
  /** Findings whose Security Hub state disagreed with the record (the read-back). */
  readonly tampered: readonly TamperedFinding[];
  /** Findings Security Hub held ACTIVE without a record, now resolved or adopted: their new record. */
  readonly repaired: readonly FindingRecord[];
}

/** Conflicting writers (event path and sweep on one account) retry this often before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * Turns control results into Security Hub state: reads the account's findings record, compares it with
 * Security Hub (the sweep's read-back), plans the imports (see planImports), imports them from inside
 * the member account (the default product ARN requires the finding's own account), and writes the
 * record back with a conditional write (re-planning if another writer got there first) whenever it
 * changed. Findings Security Hub refused keep their previous record, so the record never claims what
 * Security Hub does not hold.
 */
export async function applyEvaluation(
  deps: ApplyEvaluationDeps,
  member: MemberAccount,
  scope: FindingScope,
  results: readonly ControlResult[],
  options: ApplyOptions,
): Promise<Applied> {
  const s3 = deps.clients.s3(deps.hub);
  const readChecked = async () => {
    const read = await readFindingsRecord(s3, deps.stateBucket, scope.accountId);
    return { record: read, check: options.check?.(read.findings) };
  };
  let waited = false;
  for (let attempt = 1; ; attempt++) {
    let { record, check } = await readChecked();
    if (check?.settlesAt !== undefined && deps.sleep !== undefined && !waited) {
      // Security Hub shows a write of moments ago that the record does not: the event path may be
      // between its import and its record write. Once it must have written, the record is read again.
      waited = true;
      await deps.sleep(Math.max(0, check.settlesAt.getTime() - deps.clock().getTime()));
      ({ record, check } = await readChecked());
    }
    const plan = planImports({
      scope,
      records: record.findings,
      results,
      inScope: options.inScope,
      absentAt: options.absentAt,
      recordEvidence: options.recordEvidence,
      ...(check === undefined ? {} : { restore: check.restore, unrecorded: check.unrecorded }),
      now: deps.clock(),
    });
    const tampered = check?.tampered ?? [];
    if (!plan.changed) {
      return { plan, counts: plan.counts, records: plan.records, problems: [], tampered, repaired: [] };
    }
    const outcome =
      plan.imports.length === 0
        ? { failed: new Set<string>(), problems: [] }
        : await importFindings(deps.clients.securityHub(member), scope, plan.imports);
    const records = recordsAfterImport(record.findings, plan, outcome.failed);
    try {
      await writeFindingsRecord(s3, deps.stateBucket, scope.accountId, record, records);
      return {
        plan,
        counts: countsAfterImport(plan, outcome.failed),
        records,
        problems: outcome.problems,
        tampered,
        // A refused import leaves no record behind (there was none): only what Security Hub took.
        repaired: records.filter((r) => plan.kinds.get(r.id) === 'repaired'),
      };
    } catch (error) {
      if (!(error instanceof RecordConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
