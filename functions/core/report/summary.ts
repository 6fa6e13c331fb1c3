import { CONTROLS } from '../compliance/controls';
import type { ControlId, SeverityLabel } from '../compliance/model';
import { parseDay, startOfNextUtcDay } from '../compliance/time';
import { SEVERITIES } from './finding-rows';
import type { FindingRow, ReportInput } from './report-model';

/** An exemption whose last day ends within this many days of the report is "expiring soon". */
export const EXPIRING_SOON_DAYS = 14;

const DAY_MS = 86_400_000;

/** Users and users with MFA: the share of IAM users with MFA is `usersWithMfa / usersEvaluated`. */
export interface MfaCoverage {
  readonly usersEvaluated: number;
  readonly usersWithMfa: number;
}

/** One assessed account, for "compliance by account" and "worst accounts". */
export interface AccountCompliance extends MfaCoverage {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly ouPath: string | null;
  /** Failing findings (exemptions not included). */
  readonly failing: number;
  readonly failingBySeverity: Readonly<Record<SeverityLabel, number>>;
  readonly exemptions: number;
}

/** One OU (by its path; null gathers the accounts whose OU is unknown), over its assessed accounts. */
export interface OuCompliance extends MfaCoverage {
  readonly ouPath: string | null;
  readonly accounts: number;
  readonly failing: number;
}

/** An account that could not be assessed, and why. */
export interface NotAssessedAccount {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly ouPath: string | null;
  readonly reason: string;
}

/** An account assessed with warnings: what could not be read or decided there. */
export interface AccountWarnings {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly ouPath: string | null;
  readonly warnings: readonly string[];
}

/** What a report says before its rows. Counts are over every row, whatever filter the rows get. */
export interface ReportSummary {
  readonly generatedAt: string;
  readonly source: ReportInput['source'];
  readonly accounts: { readonly total: number; readonly assessed: number; readonly notAssessed: number };
  readonly notAssessed: readonly NotAssessedAccount[];
  /** Assessed accounts with warnings, by id: assessed, but not completely. */
  readonly warnings: readonly AccountWarnings[];
  readonly users: { readonly evaluated: number; readonly withMfa: number };
  readonly failing: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<SeverityLabel, number>>;
    readonly byControl: Readonly<Record<ControlId, number>>;
  };
  readonly exemptions: {
    readonly total: number;
    /** Exemptions whose last day ends within {@link EXPIRING_SOON_DAYS} days. */
    readonly expiringSoon: number;
  };
  /** OUs by path (the unknown OU last). */
  readonly byOu: readonly OuCompliance[];
  /** Assessed accounts by id. */
  readonly byAccount: readonly AccountCompliance[];
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * Whether an exemption whose last day is `until` (`YYYY-MM-DD`; it holds through that day, UTC) ends
 * within {@link EXPIRING_SOON_DAYS} days of `now`. An exemption with no end, or an unreadable one, does not.
 */
export function expiresSoon(until: string | null, now: Date): boolean {
  const day = until === null ? undefined : parseDay(until);
  if (day === undefined) return false;
  return startOfNextUtcDay(day) - now.getTime() <= EXPIRING_SOON_DAYS * DAY_MS;
}

/** The share of users with MFA, 0–1; an account without users counts as fully covered (nothing lacks MFA). */
export function mfaShare(coverage: MfaCoverage): number {
  return coverage.usersEvaluated === 0 ? 1 : coverage.usersWithMfa / coverage.usersEvaluated;
}

/** Summarizes a report's input and its (unfiltered) rows. */
export function summarize(input: ReportInput, rows: readonly FindingRow[]): ReportSummary {
  const bySeverity = zeroes(SEVERITIES);
  const byControl = zeroes(Object.keys(CONTROLS) as ControlId[]);
  const perAccount = new Map<string, { failing: Record<SeverityLabel, number>; exemptions: number }>();
  let exemptions = 0;
  let expiringSoon = 0;
  for (const row of rows) {
    let account = perAccount.get(row.accountId);
    if (account === undefined) {
      account = { failing: zeroes(SEVERITIES), exemptions: 0 };
      perAccount.set(row.accountId, account);
    }
    if (row.status === 'EXEMPT') {
      exemptions += 1;
      account.exemptions += 1;
      if (expiresSoon(row.exemptUntil, input.generatedAt)) expiringSoon += 1;
      continue;
    }
    bySeverity[row.severity] += 1;
    byControl[row.control] += 1;
    account.failing[row.severity] += 1;
  }

  const byAccount: AccountCompliance[] = [];
  const notAssessed: NotAssessedAccount[] = [];
  const warnings: AccountWarnings[] = [];
  const byOu = new Map<
    string | null,
    { accounts: number; users: number; withMfa: number; failing: number }
  >();
  for (const account of input.accounts) {
    const accountName = account.name ?? null;
    const ouPath = account.ouPath ?? null;
    const { assessment } = account;
    if (assessment.status === 'NOT_ASSESSED') {
      notAssessed.push({ accountId: account.accountId, accountName, ouPath, reason: assessment.reason });
      continue;
    }
    if (assessment.warnings !== undefined && assessment.warnings.length > 0)
      warnings.push({ accountId: account.accountId, accountName, ouPath, warnings: assessment.warnings });
    const counts = perAccount.get(account.accountId);
    const failingBySeverity = counts?.failing ?? zeroes(SEVERITIES);
    const failing = SEVERITIES.reduce((sum, severity) => sum + failingBySeverity[severity], 0);
    byAccount.push({
      accountId: account.accountId,
      accountName,
      ouPath,
      usersEvaluated: assessment.usersEvaluated,
      usersWithMfa: assessment.usersWithMfa,
      failing,
      failingBySeverity,
      exemptions: counts?.exemptions ?? 0,
    });
    const ou = byOu.get(ouPath) ?? { accounts: 0, users: 0, withMfa: 0, failing: 0 };
    ou.accounts += 1;
    ou.users += assessment.usersEvaluated;
    ou.withMfa += assessment.usersWithMfa;
    ou.failing += failing;
    byOu.set(ouPath, ou);
  }
  const byId = (a: { accountId: string }, b: { accountId: string }) =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  byAccount.sort(byId);
  notAssessed.sort(byId);
  warnings.sort(byId);
  const failingTotal = SEVERITIES.reduce((sum, severity) => sum + bySeverity[severity], 0);
  return {
    generatedAt: input.generatedAt.toISOString(),
    source: input.source,
    accounts: {
      total: input.accounts.length,
      assessed: byAccount.length,
      notAssessed: notAssessed.length,
    },
    notAssessed,
    warnings,
    users: {
      evaluated: byAccount.reduce((sum, a) => sum + a.usersEvaluated, 0),
      withMfa: byAccount.reduce((sum, a) => sum + a.usersWithMfa, 0),
    },
    failing: { total: failingTotal, bySeverity, byControl },
    exemptions: { total: exemptions, expiringSoon },
    byOu: [...byOu.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
      .map(([ouPath, ou]) => ({
        ouPath,
        accounts: ou.accounts,
        usersEvaluated: ou.users,
        usersWithMfa: ou.withMfa,
        failing: ou.failing,
      })),
    byAccount,
  };
}

/**
 * The accounts with failing findings, worst first: ranked by their most severe findings (more CRITICAL
 * first, then more HIGH, …), then by id.
 */
export function worstAccounts(summary: ReportSummary, limit: number): AccountCompliance[] {
  return summary.byAccount
    .filter((account) => account.failing > 0)
    .sort((a, b) => {
      for (const severity of SEVERITIES) {
        const difference = b.failingBySeverity[severity] - a.failingBySeverity[severity];
        if (difference !== 0) return difference;
      }
      return a.accountId < b.accountId ? -1 : 1;
    })
    .slice(0, limit);
}
