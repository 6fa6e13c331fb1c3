import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { ControlId, ControlResult } from '../../functions/core/compliance/model';
import { csvLine } from '../../functions/core/csv-line';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { assessAccount } from '../../functions/aws/assess-account';
import { openMemberAccount } from '../../functions/aws/member-account';
import { unassignedSinceBySerial } from '../../functions/core/device-evidence';
import {
  accountRefusal,
  operatorDeps,
  readDeviceRecordAsOperator,
  type OperatorDeps,
  type OperatorOptions,
} from '../operator';
import { ProgressBar } from '../progress-bar';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

/** `orgmfa audit` options. */
export interface AuditOptions extends OperatorOptions {
  /** Comma-separated account ids; default every account of the organization. */
  readonly accounts?: string;
  readonly output: 'table' | 'json' | 'csv';
  readonly failOnFindings?: boolean;
  readonly concurrency?: string;
}

/** One account's audit. */
export type AccountAudit =
  | {
      readonly accountId: string;
      readonly status: 'AUDITED';
      readonly users: number;
      readonly failing: readonly ControlResult[];
    }
  | { readonly accountId: string; readonly status: 'FAILED'; readonly reason: string };

/** The whole audit: per account, and per control. */
export interface AuditReport {
  readonly accounts: readonly AccountAudit[];
  readonly summary: {
    readonly accountsAudited: number;
    readonly accountsFailed: number;
    readonly usersEvaluated: number;
    readonly failingByControl: Readonly<Partial<Record<ControlId, number>>>;
  };
}

const SESSION_PURPOSE = 'audit-cli';

function accountsToAudit(options: AuditOptions): string[] | undefined {
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

function concurrencyOf(options: AuditOptions): number {
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

async function auditAccount(
  deps: OperatorDeps,
  options: AuditOptions,
  accountId: string,
  context: { readonly now: Date; readonly sleep: (ms: number) => Promise<void> },
): Promise<AccountAudit> {
  try {
    const [member, devices] = await Promise.all([
      openMemberAccount(deps, accountId, SESSION_PURPOSE),
      // Orphans' ages: orgmfa's own record in the hub, as the sweep reads it.
      readDeviceRecordAsOperator(deps, accountId),
    ]);
    const { usersEvaluated, userResults, account } = await assessAccount(
      deps.clients.iam(member),
      accountId,
      {
        now: context.now,
        orphanGraceHours: deps.config.compliance.orphanGraceHours,
        // Read-only: an old unassigned device is reported, never deleted, by an audit.
        deleteOrphans: false,
        sleep: context.sleep,
        unassignedSince: unassignedSinceBySerial(devices.record),
      },
    );
    const failing = [...userResults, ...account.results].filter((result) => result.status === 'FAILED');
    return { accountId, status: 'AUDITED', users: usersEvaluated, failing };
  } catch (error) {
    const reason =
      accountRefusal(deps, options, accountId, error) ??
      (error instanceof CommandFailedError
        ? error.message
        : `${(error as Error).name}: ${(error as Error).message}`);
    return { accountId, status: 'FAILED', reason };
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of `items` in the results. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  done: () => void,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
      done();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `orgmfa audit`: a read-only audit of the organization with the sweep's own evaluation code (one
 * implementation of every control), from the management or delegated-administrator account. Nothing
 * is imported, tagged or deleted. Accounts that cannot be read are listed with the reason.
 */
export async function runAudit(options: AuditOptions, runtime: CliRuntime): Promise<AuditReport> {
  const listed = accountsToAudit(options);
  const limit = concurrencyOf(options);
  const deps = operatorDeps(options, runtime);
  const accountIds = listed ?? (await organizationAccounts(deps));
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const tick = () => bar.update(++finished, accountIds.length);
  const context = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const accounts = await pool(accountIds, limit, (id) => auditAccount(deps, options, id, context), tick);
  bar.finish();
  const failingByControl: Partial<Record<ControlId, number>> = {};
  let usersEvaluated = 0;
  for (const account of accounts) {
    if (account.status !== 'AUDITED') continue;
    usersEvaluated += account.users;
    for (const result of account.failing)
      failingByControl[result.control] = (failingByControl[result.control] ?? 0) + 1;
  }
  return {
    accounts,
    summary: {
      accountsAudited: accounts.filter((a) => a.status === 'AUDITED').length,
      accountsFailed: accounts.filter((a) => a.status === 'FAILED').length,
      usersEvaluated,
      failingByControl,
    },
  };
}

/** Whether the audit found anything failing (for `--fail-on-findings`). */
export function hasFindings(report: AuditReport): boolean {
  return Object.values(report.summary.failingByControl).some((count) => count > 0);
}

function subjectOf(result: ControlResult): string {
  return result.resource.subject ?? result.resource.id;
}

/** The CSV rendering: one row per failing control result. */
export function formatCsv(report: AuditReport): string {
  const rows = report.accounts.flatMap((account) =>
    account.status === 'AUDITED'
      ? account.failing.map((r) => [account.accountId, subjectOf(r), r.control, r.status, r.detail])
      : [[account.accountId, '', '', 'ACCOUNT_FAILED', account.reason]],
  );
  return [['account', 'resource', 'control', 'status', 'detail'], ...rows].map(csvLine).join('\n');
}

/** The table rendering: per account, then per control. */
export function formatTable(report: AuditReport): string {
  const lines = ['ACCOUNT       USERS  FAILING  NOTE'];
  for (const account of report.accounts) {
    lines.push(
      account.status === 'AUDITED'
        ? `${account.accountId}  ${String(account.users).padStart(5)}  ${String(account.failing.length).padStart(7)}`
        : `${account.accountId}      -        -  not audited: ${account.reason}`,
    );
  }
  const { summary } = report;
  lines.push(
    '',
    `accounts audited: ${summary.accountsAudited}, not audited: ${summary.accountsFailed}, users evaluated: ${summary.usersEvaluated}`,
  );
  const controls = Object.entries(summary.failingByControl).sort(([a], [b]) => a.localeCompare(b));
  lines.push(
    controls.length === 0
      ? 'no failing controls'
      : `failing: ${controls.map(([control, count]) => `${control} ${count}`).join(', ')}`,
  );
  return lines.join('\n');
}
