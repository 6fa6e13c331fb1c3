import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { pool } from '../../functions/core/pool';
import type { AccountIdentity } from '../../functions/core/report/compliance-results';
import { accountRefusal, operatorDeps, type OperatorDeps, type OperatorOptions } from '../operator';
import { ProgressBar } from '../progress-bar';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

/** The options of a read-only command over the organization's accounts (`audit`, `guardrail preview`). */
export interface EachAccountOptions extends OperatorOptions {
  /** Comma-separated account ids; default every account of the organization. */
  readonly accounts?: string;
  /** Accounts read at once, 1–64 (default 8), checked by the option parser. */
  readonly concurrency?: number;
}

/** What each account's work is given: when the run began, and how to wait (IAM's credential report). */
export interface RunContext {
  readonly now: Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** One account's outcome: the work's value, or why the account could not be read, in one line. */
export type AccountOutcome<T> =
  | { readonly accountId: string; readonly identity: AccountIdentity; readonly ok: true; readonly value: T }
  | {
      readonly accountId: string;
      readonly identity: AccountIdentity;
      readonly ok: false;
      readonly reason: string;
    };

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

const DEFAULT_CONCURRENCY = 8;

/** The organization's accounts with their names, from Organizations (a page of 20 per call). */
async function organizationAccounts(deps: OperatorDeps): Promise<Map<string, AccountIdentity>> {
  const accounts = new Map<string, AccountIdentity>();
  for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.Id !== undefined)
        accounts.set(account.Id, { accountId: account.Id, ...(account.Name ? { name: account.Name } : {}) });
  }
  return accounts;
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
  const deps = await operatorDeps(options, runtime);
  const named = await organizationAccounts(deps);
  const accounts = (listed ?? [...named.keys()]).map((id) => named.get(id) ?? { accountId: id });
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const context: RunContext = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const outcomes = await pool(
    accounts,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (identity): Promise<AccountOutcome<T>> => {
      const { accountId } = identity;
      try {
        return { accountId, identity, ok: true, value: await work(deps, accountId, context) };
      } catch (error) {
        const reason =
          accountRefusal(deps, options, accountId, error) ??
          (error instanceof CommandFailedError
            ? error.message
            : `${(error as Error).name}: ${(error as Error).message}`);
        return { accountId, identity, ok: false, reason };
      }
    },
    () => bar.update(++finished, accounts.length),
  );
  bar.finish();
  return { deps, outcomes };
}
