import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { incompleteCoverage } from '../../functions/core/coverage';
import { ACCOUNT_ID } from '../../functions/core/iam-names';
import { pool } from '../../functions/core/pool';
import { assessAccount } from '../../functions/aws/assess-account';
import { openMemberAccount } from '../../functions/aws/member-account';
import { unassignedSinceBySerial } from '../../functions/core/device-evidence';
import {
  reportAccount,
  reportResults,
  type AccountIdentity,
} from '../../functions/core/report/compliance-results';
import type { ReportAccount, ReportInput, ReportResult } from '../../functions/core/report/report-model';
import type { ReportSummary } from '../../functions/core/report/summary';
import {
  accountRefusal,
  operatorDeps,
  readDeviceRecordAsOperator,
  type OperatorDeps,
  type OperatorOptions,
} from '../operator';
import { ProgressBar } from '../progress-bar';
import type { CliRuntime } from '../runtime';
import type { ReportOutputFlags } from '../report-output';
import { CommandFailedError, UsageError } from '../usage-error';

/** `orgmfa audit` options. */
export interface AuditOptions extends OperatorOptions, ReportOutputFlags {
  /** Comma-separated account ids; default every account of the organization. */
  readonly accounts?: string;
  readonly failOnFindings?: boolean;
  /** Accounts audited at once (1-64), checked by the option parser. */
  readonly concurrency?: number;
}

/** One account's audit: the account as the report shows it, and its results that are not PASSED. */
interface AccountAudit {
  readonly account: ReportAccount;
  readonly results: readonly ReportResult[];
}

const SESSION_PURPOSE = 'audit-cli';
const DEFAULT_CONCURRENCY = 8;

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

/** The organization's accounts with their names, from Organizations (a page of 20 per call). */
async function organizationAccounts(deps: OperatorDeps): Promise<Map<string, AccountIdentity>> {
  const accounts = new Map<string, AccountIdentity>();
  for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
    for (const account of page.Accounts ?? [])
      if (account.Id !== undefined)
        accounts.set(account.Id, {
          accountId: account.Id,
          ...(account.Name ? { name: account.Name } : {}),
        });
  }
  return accounts;
}

async function auditAccount(
  deps: OperatorDeps,
  options: AuditOptions,
  identity: AccountIdentity,
  context: { readonly now: Date; readonly sleep: (ms: number) => Promise<void> },
): Promise<AccountAudit> {
  const { accountId } = identity;
  try {
    const [member, devices] = await Promise.all([
      openMemberAccount(deps, accountId, SESSION_PURPOSE),
      // Orphans' ages: orgmfa's own record in the hub, as the sweep reads it.
      readDeviceRecordAsOperator(deps, accountId),
    ]);
    const assessment = await assessAccount(deps.clients.iam(member), accountId, {
      now: context.now,
      orphanGraceHours: deps.compliance.orphanGraceHours,
      // Read-only: an old unassigned device is reported, never deleted, by an audit.
      deleteOrphans: false,
      sleep: context.sleep,
      unassignedSince: unassignedSinceBySerial(devices.record),
    });
    return {
      account: reportAccount(identity, {
        status: 'ASSESSED',
        usersEvaluated: assessment.usersEvaluated,
        usersWithMfa: assessment.usersWithMfa,
        warnings: assessment.warnings,
      }),
      results: reportResults(accountId, [...assessment.userResults, ...assessment.account.results]),
    };
  } catch (error) {
    const reason =
      accountRefusal(deps, options, accountId, error) ??
      (error instanceof CommandFailedError
        ? error.message
        : `${(error as Error).name}: ${(error as Error).message}`);
    return { account: reportAccount(identity, { status: 'NOT_ASSESSED', reason }), results: [] };
  }
}

/**
 * `orgmfa audit`: a read-only audit of the organization with the sweep's own evaluation code (one
 * implementation of every control), from the management or delegated-administrator account. The
 * organization is learned from AWS (see operatorDeps), the accounts' names from Organizations.
 * Nothing is imported, tagged or deleted. Accounts that cannot be read are listed with the reason.
 * Returns what the report is built from.
 */
export async function runAudit(options: AuditOptions, runtime: CliRuntime): Promise<ReportInput> {
  const listed = accountsToAudit(options);
  const deps = await operatorDeps(options, runtime);
  const named = await organizationAccounts(deps);
  const accounts = (listed ?? [...named.keys()]).map((id) => named.get(id) ?? { accountId: id });
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let finished = 0;
  const tick = () => bar.update(++finished, accounts.length);
  const context = {
    now: runtime.now(),
    sleep: runtime.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const audited = await pool(
    accounts,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    (identity) => auditAccount(deps, options, identity, context),
    tick,
  );
  bar.finish();
  return {
    generatedAt: context.now,
    source: { kind: 'audit' },
    partition: deps.settings.partition,
    region: deps.hubRegion,
    organizationId: deps.settings.organizationId,
    accounts: audited.map((a) => a.account),
    results: audited.flatMap((a) => a.results),
  };
}

/**
 * Why the audit did not cover the organization, in one line; undefined when it did: an account not
 * audited, an account with warnings, or no account at all.
 */
export function auditCoverage(summary: ReportSummary): string | undefined {
  return incompleteCoverage({
    assessed: summary.accounts.assessed,
    failed: summary.notAssessed,
    warnings: summary.warnings,
  });
}
