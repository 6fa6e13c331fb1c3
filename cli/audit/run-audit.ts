import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { ControlId, ControlResult } from '../../functions/core/compliance/model';
import { incompleteCoverage } from '../../functions/core/coverage';
import { csvLine } from '../../functions/core/csv-line';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { pool } from '../../functions/core/pool';
import { assessAccount } from '../../functions/aws/assess-account';
import { openMemberAccount } from '../../functions/aws/member-account';
import type { AccountDescription } from '../../functions/core/membership';
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
      /** Controls that fail (status FAILED). */
      readonly failing: readonly ControlResult[];
      /** Exemptions in force (ORGMFA.6, status EXEMPT): informational, never failing. */
      readonly exempt: readonly ControlResult[];
      /** What could not be read or decided in the account (a skipped report line, ORGMFA.5 undecided). */
      readonly warnings: readonly string[];
    }
  | { readonly accountId: string; readonly status: 'FAILED'; readonly reason: string };

/** The whole audit: per account, and per control. */
export interface AuditReport {
  readonly accounts: readonly AccountAudit[];
  readonly summary: {
    readonly accountsAudited: number;
    readonly accountsFailed: number;
    readonly accountsWithWarnings: number;
    readonly usersEvaluated: number;
    /** Failing results by control; exemptions are never among them. */
    readonly failingByControl: Readonly<Partial<Record<ControlId, number>>>;
    /** Exemptions in force (ORGMFA.6), counted apart. */
    readonly exempt: number;
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

/**
 * Every account of the organization with what ListAccounts says of it: the membership check of each
 * account then needs no Organizations call of its own (one page per 20 accounts, not one call each).
 */
async function organizationAccounts(deps: OperatorDeps): Promise<AccountDescription[]> {
  const accounts: AccountDescription[] = [];
  for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.Id !== undefined)
        accounts.push({
          id: account.Id,
          arn: account.Arn ?? '',
          state: account.State ?? account.Status ?? 'UNKNOWN',
        });
  }
  return accounts;
}

async function auditAccount(
  deps: OperatorDeps,
  options: AuditOptions,
  accountId: string,
  listed: AccountDescription | undefined,
  context: { readonly now: Date; readonly sleep: (ms: number) => Promise<void> },
): Promise<AccountAudit> {
  try {
    const [member, devices] = await Promise.all([
      openMemberAccount(deps, accountId, SESSION_PURPOSE, listed),
      // Orphans' ages: orgmfa's own record in the hub, as the sweep reads it.
      readDeviceRecordAsOperator(deps, accountId),
    ]);
    const { usersEvaluated, userResults, account, warnings } = await assessAccount(
      deps.clients.iam(member),
      accountId,
      {
        now: context.now,
        orphanGraceHours: deps.compliance.orphanGraceHours,
        // Read-only: an old unassigned device is reported, never deleted, by an audit.
        deleteOrphans: false,
        sleep: context.sleep,
        unassignedSince: unassignedSinceBySerial(devices.record),
      },
    );
    const results = [...userResults, ...account.results];
    return {
      accountId,
      status: 'AUDITED',
      users: usersEvaluated,
      failing: results.filter((result) => result.status === 'FAILED'),
      exempt: results.filter((result) => result.status === 'EXEMPT'),
      warnings,
    };
  } catch (error) {
    const reason =
      accountRefusal(deps, options, accountId, error) ??
      (error instanceof CommandFailedError
        ? error.message
        : `${(error as Error).name}: ${(error as Error).message}`);
    return { accountId, status: 'FAILED', reason };
  }
}

/**
 * `orgmfa audit`: a read-only audit of the organization with the sweep's own evaluation code (one
 * implementation of every control), from the management or delegated-administrator account. The
 * organization is learned from AWS (see operatorDeps). Nothing is imported, tagged or deleted.
 * Accounts that cannot be read are listed with the reason.
 */
export async function runAudit(options: AuditOptions, runtime: CliRuntime): Promise<AuditReport> {
  const listed = accountsToAudit(options);
  const limit = concurrencyOf(options);
  const deps = await operatorDeps(options, runtime);
  // Accounts named on the command line are checked one by one; the organization's, by its listing.
  const described = listed === undefined ? await organizationAccounts(deps) : [];
  const accountIds = listed ?? described.map((account) => account.id);
  const descriptions = new Map(described.map((account) => [account.id, account]));
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const tick = () => bar.update(++finished, accountIds.length);
  const context = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const accounts = await pool(
    accountIds,
    limit,
    (id) => auditAccount(deps, options, id, descriptions.get(id), context),
    tick,
  );
  bar.finish();
  const failingByControl: Partial<Record<ControlId, number>> = {};
  let usersEvaluated = 0;
  let exempt = 0;
  for (const account of accounts) {
    if (account.status !== 'AUDITED') continue;
    usersEvaluated += account.users;
    exempt += account.exempt.length;
    for (const result of account.failing)
      failingByControl[result.control] = (failingByControl[result.control] ?? 0) + 1;
  }
  return {
    accounts,
    summary: {
      accountsAudited: accounts.filter((a) => a.status === 'AUDITED').length,
      accountsFailed: accounts.filter((a) => a.status === 'FAILED').length,
      accountsWithWarnings: accounts.filter((a) => a.status === 'AUDITED' && a.warnings.length > 0).length,
      usersEvaluated,
      failingByControl,
      exempt,
    },
  };
}

/** Whether the audit found anything failing (for `--fail-on-findings`); exemptions never count. */
export function hasFindings(report: AuditReport): boolean {
  return Object.values(report.summary.failingByControl).some((count) => count > 0);
}

/** Why the audit did not cover the organization, in one line; undefined when it did. */
export function auditCoverage(report: AuditReport): string | undefined {
  return incompleteCoverage({
    assessed: report.summary.accountsAudited,
    failed: report.accounts.filter((a) => a.status === 'FAILED'),
    warnings: report.accounts.filter((a) => a.status === 'AUDITED' && a.warnings.length > 0),
  });
}

function subjectOf(result: ControlResult): string {
  return result.resource.subject ?? result.resource.id;
}

/**
 * The CSV rendering: one row per failing result (FAILED) and per exemption in force (EXEMPT), one per
 * account that could not be audited (ACCOUNT_FAILED) and one per account warning (WARNING).
 */
export function formatCsv(report: AuditReport): string {
  const rows = report.accounts.flatMap((account) =>
    account.status === 'AUDITED'
      ? [
          ...[...account.failing, ...account.exempt].map((r) => [
            account.accountId,
            subjectOf(r),
            r.control,
            r.status,
            r.detail,
          ]),
          ...account.warnings.map((warning) => [account.accountId, '', '', 'WARNING', warning]),
        ]
      : [[account.accountId, '', '', 'ACCOUNT_FAILED', account.reason]],
  );
  return [['account', 'resource', 'control', 'status', 'detail'], ...rows].map(csvLine).join('\n');
}

/** The table rendering: per account, then per control; exemptions apart from failures. */
export function formatTable(report: AuditReport): string {
  const lines = ['ACCOUNT       USERS  FAILING  EXEMPT  NOTE'];
  for (const account of report.accounts) {
    if (account.status !== 'AUDITED') {
      lines.push(`${account.accountId}      -        -       -  not audited: ${account.reason}`);
      continue;
    }
    const note = account.warnings.length === 0 ? '' : `  warnings: ${account.warnings.join('; ')}`;
    lines.push(
      `${account.accountId}  ${String(account.users).padStart(5)}  ${String(account.failing.length).padStart(7)}  ${String(account.exempt.length).padStart(6)}${note}`,
    );
  }
  const { summary } = report;
  lines.push(
    '',
    `accounts audited: ${summary.accountsAudited}, not audited: ${summary.accountsFailed}, with warnings: ${summary.accountsWithWarnings}, users evaluated: ${summary.usersEvaluated}`,
  );
  const controls = Object.entries(summary.failingByControl).sort(([a], [b]) => a.localeCompare(b));
  lines.push(
    controls.length === 0
      ? 'no failing controls'
      : `failing: ${controls.map(([control, count]) => `${control} ${count}`).join(', ')}`,
    `exempt (ORGMFA.6, informational): ${summary.exempt}`,
  );
  return lines.join('\n');
}
