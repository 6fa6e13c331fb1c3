import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { pool } from '../../functions/core/pool';
import type { AccountDescription } from '../../functions/core/membership';
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

/** An account as Organizations lists it: its name for the report, its state for the membership gate. */
interface ListedAccount extends AccountIdentity {
  readonly description: AccountDescription;
}

/**
 * The organization's accounts with their names and states, from Organizations (a page of 20 per
 * call): the membership check of each account then needs no Organizations call of its own.
 */
async function organizationAccounts(deps: OperatorDeps): Promise<Map<string, ListedAccount>> {
  const accounts = new Map<string, ListedAccount>();
  for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.Id !== undefined)
        accounts.set(account.Id, {
          accountId: account.Id,
          ...(account.Name ? { name: account.Name } : {}),
          description: {
            id: account.Id,
            arn: account.Arn ?? '',
            state: account.State ?? account.Status ?? 'UNKNOWN',
          },
        });
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
  work: (
    deps: OperatorDeps,
    accountId: string,
    context: RunContext,
    listed: AccountDescription | undefined,
  ) => Promise<T>,
): Promise<{ readonly deps: OperatorDeps; readonly outcomes: AccountOutcome<T>[] }> {
  const listed = accountsOption(options);
  const deps = await operatorDeps(options, runtime);
  // Accounts named on the command line are checked one by one by the gate; the organization's, by its
  // listing.
  const named = listed === undefined ? await organizationAccounts(deps) : new Map<string, ListedAccount>();
  const accounts: AccountIdentity[] = (listed ?? [...named.keys()]).map(
    (id) => named.get(id) ?? { accountId: id },
  );
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const context: RunContext = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const outcomes = await pool(
    accounts,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (account): Promise<AccountOutcome<T>> => {
      const { accountId } = account;
      const identity: AccountIdentity = {
        accountId,
        ...(account.name === undefined ? {} : { name: account.name }),
      };
      try {
        const value = await work(deps, accountId, context, named.get(accountId)?.description);
        return { accountId, identity, ok: true, value };
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
