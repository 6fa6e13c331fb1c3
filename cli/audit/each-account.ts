import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { pool } from '../../functions/core/pool';
import { accountRefusal, operatorDeps, type OperatorDeps, type OperatorOptions } from '../operator';
import { ProgressBar } from '../progress-bar';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

/** The options of a read-only command over the organization's accounts (`audit`, `guardrail preview`). */
export interface EachAccountOptions extends OperatorOptions {
  /** Comma-separated account ids; default every account of the organization. */
  readonly accounts?: string;
  /** Accounts read at once, 1–64 (default 8). */
  readonly concurrency?: string;
}

/** What each account's work is given: when the run began, and how to wait (IAM's credential report). */
export interface RunContext {
  readonly now: Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** One account's outcome: the work's value, or why the account could not be read, in one line. */
export type AccountOutcome<T> =
  | { readonly accountId: string; readonly ok: true; readonly value: T }
  | { readonly accountId: string; readonly ok: false; readonly reason: string };

function accountsOption(options: EachAccountOptions): string[] | undefined {
  if (options.accounts === undefined) return undefined;
  const ids = options.accounts
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const bad = ids.find((id) => !ACCOUNT_ID.test(id));
  if (bad !== undefined || ids.length === 0)
    throw new UsageError(
      `--accounts takes 12-digit account ids separated by commas, got ${JSON.stringify(options.accounts)}`,
    );
  return [...new Set(ids)];
}

function concurrencyOption(options: EachAccountOptions): number {
  const value = Number(options.concurrency ?? 8);
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new UsageError(
      `--concurrency must be a whole number from 1 to 64, got ${JSON.stringify(options.concurrency)}`,
    );
  return value;
}

async function organizationAccounts(deps: OperatorDeps): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
    for (const account of page.Accounts ?? []) if (account.Id !== undefined) ids.push(account.Id);
  }
  return ids;
}

/**
 * Runs `work` on each account the options name (default: every account of the organization, learned
 * from AWS), a few at a time, with a progress bar on a terminal. An account whose work fails is an
 * outcome with the reason in one line (refused by the membership gate, no role to assume, …), never the
 * end of the run. Arguments are checked before any AWS call.
 */
export async function eachAccount<T>(
  options: EachAccountOptions,
  runtime: CliRuntime,
  work: (deps: OperatorDeps, accountId: string, context: RunContext) => Promise<T>,
): Promise<{ readonly deps: OperatorDeps; readonly outcomes: AccountOutcome<T>[] }> {
  const listed = accountsOption(options);
  const limit = concurrencyOption(options);
  const deps = await operatorDeps(options, runtime);
  const accountIds = listed ?? (await organizationAccounts(deps));
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const context: RunContext = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const outcomes = await pool(
    accountIds,
    limit,
    async (accountId): Promise<AccountOutcome<T>> => {
      try {
        return { accountId, ok: true, value: await work(deps, accountId, context) };
      } catch (error) {
        const reason =
          accountRefusal(deps, options, accountId, error) ??
          (error instanceof CommandFailedError
            ? error.message
            : `${(error as Error).name}: ${(error as Error).message}`);
        return { accountId, ok: false, reason };
      }
    },
    () => bar.update(++finished, accountIds.length),
  );
  bar.finish();
  return { deps, outcomes };
}
