import { seedCheckOf } from '../../functions/core/compliance/seed-candidates';
import { assessAccount } from '../../functions/aws/assess-account';
import type { AccountDescription } from '../../functions/core/membership';
import { openMemberAccount } from '../../functions/aws/member-account';
import { incompleteCoverage } from '../../functions/core/coverage';
import { csvLine } from '../../functions/core/csv-line';
import { EXEMPTION_HORIZON_MONTHS } from '../../functions/core/guardrail/exemption-patterns';
import {
  previewGuardrail,
  type BlockedUser,
  type ExemptUser,
} from '../../functions/core/guardrail/guardrail-preview';
import type { OperatorDeps } from '../operator';
import type { CliRuntime } from '../runtime';
import { eachAccount, type EachAccountOptions, type RunContext } from '../audit/each-account';

/** `orgmfa guardrail preview` options. */
export interface PreviewOptions extends EachAccountOptions {
  readonly output: 'table' | 'json' | 'csv';
  readonly failOnFindings?: boolean;
}

/** One account's preview. */
export type AccountPreview =
  | {
      readonly accountId: string;
      readonly status: 'PREVIEWED';
      readonly users: number;
      /** Users the guardrail would block today, and why. */
      readonly blocked: readonly BlockedUser[];
      /** Users it would block but for an exemption its SCPs honour. */
      readonly exempt: readonly ExemptUser[];
      /** Users whose access keys will work only through an MFA session. */
      readonly keysNeedMfaSession: readonly string[];
      /** What could not be read or decided in the account. */
      readonly warnings: readonly string[];
    }
  | { readonly accountId: string; readonly status: 'FAILED'; readonly reason: string };

/** The whole preview. */
export interface PreviewReport {
  /** The day the preview is for (UTC): exemptions are read as the guardrail reads them on that day. */
  readonly day: string;
  readonly accounts: readonly AccountPreview[];
  readonly summary: {
    readonly accountsPreviewed: number;
    readonly accountsFailed: number;
    readonly accountsWithWarnings: number;
    readonly usersEvaluated: number;
    readonly blocked: number;
    readonly exempt: number;
    /** Of the exempt: time-boxed, which the OrgMfaRequireMfa managed policy does not honour. */
    readonly exemptTimeBoxed: number;
    readonly keysNeedMfaSession: number;
  };
}

const SESSION_PURPOSE = 'guardrail-preview';

/** One account: the audit's own reads and user facts, then the guardrail's rule over them. */
async function previewAccount(
  deps: OperatorDeps,
  accountId: string,
  context: RunContext,
  listed: AccountDescription | undefined,
) {
  const member = await openMemberAccount(deps, accountId, SESSION_PURPOSE, listed);
  const { users, warnings } = await assessAccount(deps.clients.iam(member), accountId, {
    now: context.now,
    orphanGraceHours: deps.compliance.orphanGraceHours,
    deleteOrphans: false,
    sleep: context.sleep,
    // Orphans and seeds do not matter to the guardrail: no record is read.
    unassignedSince: new Map(),
    seedCheck: seedCheckOf(deps.provisioning, []),
  });
  return { users: users.length, ...previewGuardrail(users, context.now), warnings };
}

/**
 * `orgmfa guardrail preview`: which IAM users the guardrail would block today, organization-wide, read
 * with the audit's machinery (the same accounts, membership gate, role and assessment, read-only) and
 * judged by the guardrail's own rule and its reading of exemptions.
 */
export async function runPreview(options: PreviewOptions, runtime: CliRuntime): Promise<PreviewReport> {
  const { outcomes } = await eachAccount(options, runtime, previewAccount);
  const accounts: AccountPreview[] = outcomes.map((outcome) =>
    outcome.ok
      ? { accountId: outcome.accountId, status: 'PREVIEWED', ...outcome.value }
      : { accountId: outcome.accountId, status: 'FAILED', reason: outcome.reason },
  );
  const previewed = accounts.filter((a) => a.status === 'PREVIEWED');
  const sum = (count: (a: (typeof previewed)[number]) => number) =>
    previewed.reduce((total, account) => total + count(account), 0);
  return {
    day: runtime.now().toISOString().slice(0, 10),
    accounts,
    summary: {
      accountsPreviewed: previewed.length,
      accountsFailed: accounts.length - previewed.length,
      accountsWithWarnings: previewed.filter((a) => a.warnings.length > 0).length,
      usersEvaluated: sum((a) => a.users),
      blocked: sum((a) => a.blocked.length),
      exempt: sum((a) => a.exempt.length),
      exemptTimeBoxed: sum((a) => a.exempt.filter((user) => user.until !== undefined).length),
      keysNeedMfaSession: sum((a) => a.keysNeedMfaSession.length),
    },
  };
}

/** Why the preview did not cover the organization, in one line; undefined when it did (as `audit`). */
export function previewCoverage(report: PreviewReport): string | undefined {
  return incompleteCoverage({
    assessed: report.summary.accountsPreviewed,
    failed: report.accounts.filter((a) => a.status === 'FAILED'),
    warnings: report.accounts.filter((a) => a.status === 'PREVIEWED' && a.warnings.length > 0),
  });
}

function exemptionText(user: ExemptUser): string {
  return `exempt: ${JSON.stringify(user.exemption)}${user.until === undefined ? '' : ` until ${user.until} (the managed policy does not honour this)`}`;
}

/** The CSV rendering: one row per blocked user (BLOCKED), per exempt one (EXEMPT), per failed account and warning. */
export function formatPreviewCsv(report: PreviewReport): string {
  const rows = report.accounts.flatMap((account) =>
    account.status === 'PREVIEWED'
      ? [
          ...account.blocked.map((user) => [
            account.accountId,
            user.arn,
            'BLOCKED',
            [...user.reasons, ...(user.exemptionProblem === undefined ? [] : [user.exemptionProblem])].join(
              '; ',
            ),
          ]),
          ...account.exempt.map((user) => [
            account.accountId,
            user.arn,
            'EXEMPT',
            `${user.reasons.join('; ')}; ${exemptionText(user)}`,
          ]),
          ...account.warnings.map((warning) => [account.accountId, '', 'WARNING', warning]),
        ]
      : [[account.accountId, '', 'ACCOUNT_FAILED', account.reason]],
  );
  return [['account', 'user', 'verdict', 'detail'], ...rows].map(csvLine).join('\n');
}

/** The table rendering: per account its counts and each blocked or exempt user, then the totals. */
export function formatPreviewTable(report: PreviewReport): string {
  const lines = [`Guardrail preview for ${report.day} (UTC)`, 'ACCOUNT       USERS  BLOCKED  EXEMPT  NOTE'];
  for (const account of report.accounts) {
    if (account.status !== 'PREVIEWED') {
      lines.push(`${account.accountId}      -        -       -  not previewed: ${account.reason}`);
      continue;
    }
    const note = account.warnings.length === 0 ? '' : `  warnings: ${account.warnings.join('; ')}`;
    lines.push(
      `${account.accountId}  ${String(account.users).padStart(5)}  ${String(account.blocked.length).padStart(7)}  ${String(account.exempt.length).padStart(6)}${note}`,
    );
    for (const user of account.blocked) {
      const problem =
        user.exemptionProblem === undefined ? '' : ` (exemption not honoured: ${user.exemptionProblem})`;
      lines.push(`  blocked  ${user.userName}: ${user.reasons.join('; ')}${problem}`);
    }
    for (const user of account.exempt) lines.push(`  exempt   ${user.userName}: ${exemptionText(user)}`);
  }
  const { summary } = report;
  lines.push(
    '',
    `accounts previewed: ${summary.accountsPreviewed}, not previewed: ${summary.accountsFailed}, with warnings: ${summary.accountsWithWarnings}, users evaluated: ${summary.usersEvaluated}`,
    `would be blocked today: ${summary.blocked}`,
    `covered by exemptions: ${summary.exempt} (time-boxed: ${summary.exemptTimeBoxed}, honoured by the SCPs up to ${EXEMPTION_HORIZON_MONTHS} months ahead, not by the OrgMfaRequireMfa managed policy)`,
    `users with access keys and a TOTP device, whose keys will need an MFA session (orgmfa session): ${summary.keysNeedMfaSession}`,
  );
  return lines.join('\n');
}
