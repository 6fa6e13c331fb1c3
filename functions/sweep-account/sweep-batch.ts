import { briefly, isTransient } from '../aws/aws-errors';
import { RecordConflictError } from '../aws/findings-record';
import { Pacer, type PacerClock } from '../core/pacer';
import type { ListedAccount } from '../core/organization-listing';
import { RetriesExhausted, withRetries } from '../core/retry';
import { sweepPlan } from '../core/sweep-plan';
import type { AccountSweepResult, BatchSweepResult } from '../core/sweep-results';
import { startCredentialReports } from './start-reports';
import { sweepAccount, type SweepAccountDeps } from './sweep-account';

/** What a child execution of the sweep needs. */
export interface SweepBatchDeps extends SweepAccountDeps {
  /** Milliseconds left to the invocation (Lambda's context); unlimited without it. */
  readonly remainingMs?: () => number;
  /** The clock the role assumptions' pacer waits on; the functions' own clock by default. */
  readonly pacing?: PacerClock;
}

/** Which of the sweep's two passes a child execution belongs to (its Map's BatchInput). */
export type SweepPhase = 'reports' | 'sweep';

/** A child execution's input, as the Distributed Map's ItemBatcher builds it. */
interface BatchInput {
  readonly Items: readonly ListedAccount[];
  readonly BatchInput: { readonly sweepId: string; readonly phase: SweepPhase };
}

function readBatch(input: unknown): BatchInput {
  const batch = input as Partial<BatchInput> | null;
  const phase = batch?.BatchInput?.phase;
  const valid =
    Array.isArray(batch?.Items) &&
    typeof batch.BatchInput?.sweepId === 'string' &&
    (phase === 'reports' || phase === 'sweep');
  if (!valid)
    throw new Error('the sweep step expects a batch: { Items: [...], BatchInput: { sweepId, phase } }');
  return batch as BatchInput;
}

/**
 * An account is not started with less than this left of the invocation: a large account (10,000 users)
 * takes seconds, and IAM may still be building its report. It is reported as not swept instead.
 */
export const ACCOUNT_RESERVE_MS = 60_000;

/** Pauses before an account's further tries, after throttling or a findings-record conflict. */
const ACCOUNT_RETRY_DELAYS_MS = [2_000, 4_000, 8_000];

/**
 * One child execution of the sweep: a batch of listed accounts, swept one after the other with the
 * Lambda environment's clients (their connections stay open from one account to the next), the role
 * assumptions paced to the child's share of the sweep's STS budget. An account whose sweep is throttled
 * or meets a concurrent findings-record write is tried again after a pause; one that still fails, or
 * fails otherwise, is a FAILED result with the reason, and the batch goes on. Accounts the invocation
 * has no time left for are FAILED as not swept (the next sweep does them).
 *
 * The first pass (`phase: 'reports'`) only asks IAM to start every account's credential report.
 */
export async function sweepBatch(
  deps: SweepBatchDeps,
  input: unknown,
): Promise<BatchSweepResult | { readonly reportsRequested: number }> {
  const { Items: items, BatchInput: batch } = readBatch(input);
  const plan = sweepPlan(deps.compliance)[batch.phase];
  const pace = plan.assumeRolesPerSecond;
  const assumeRolePacer = new Pacer(
    { perSecond: pace, burst: Math.max(1, Math.floor(pace)), maxInFlight: Number.POSITIVE_INFINITY },
    deps.pacing ?? { now: () => deps.clock().getTime(), sleep: deps.sleep },
  );
  const paced = { ...deps, assumeRolePacer };
  if (batch.phase === 'reports') return { reportsRequested: await startCredentialReports(paced, items) };
  const accounts: AccountSweepResult[] = [];
  for (const account of items) {
    if ((deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) < ACCOUNT_RESERVE_MS) {
      accounts.push({
        accountId: account.accountId,
        status: 'FAILED',
        reason: 'not swept: its batch ran out of time (the next sweep covers it)',
      });
      continue;
    }
    try {
      accounts.push(
        await withRetries(() => sweepAccount(paced, account, batch.sweepId), {
          retryable: (error) => error instanceof RecordConflictError || isTransient(error),
          delaysMs: ACCOUNT_RETRY_DELAYS_MS,
          sleep: deps.sleep,
        }),
      );
    } catch (error) {
      const [cause, tries] =
        error instanceof RetriesExhausted ? [error.lastError, error.attempts] : [error, 1];
      const reason = briefly(cause);
      deps.log.warn('account not swept', { accountId: account.accountId, reason, tries });
      accounts.push({ accountId: account.accountId, status: 'FAILED', reason });
    }
  }
  return { accounts };
}
