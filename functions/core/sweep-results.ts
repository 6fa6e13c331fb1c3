/** What a sweep produces: each account's result (the Distributed Map's items' output) and the summary. */

/** The findings counts of an account or a sweep. */
export interface FindingCounts {
  /** Findings that became active in this sweep. */
  readonly imported: number;
  readonly resolved: number;
  /** Active failing findings afterwards (exemptions not included). */
  readonly active: number;
  /** Active exemption findings (ORGMFA.6, informational) afterwards. */
  readonly exempt: number;
  /** Findings whose Security Hub state disagreed with orgmfa's record (see check-findings.ts). */
  readonly tampered: number;
}

/** One account's sweep result, as the Distributed Map collects it. */
export type AccountSweepResult =
  | {
      readonly accountId: string;
      readonly status: 'SUCCEEDED';
      readonly usersEvaluated: number;
      /** Of those, users with at least one MFA device (the report's share of users with MFA). */
      readonly usersWithMfa: number;
      readonly orphansDeleted: number;
      readonly findings: FindingCounts;
      /** False: Security Hub CSPM is not enabled there; evaluated and reported, nothing imported. */
      readonly securityHubEnabled: boolean;
      /** What failed on its own without failing the account (a skipped report line, a denied tag, a refused batch). */
      readonly warnings: readonly string[];
      /** One line per finding whose Security Hub state disagreed with the record (at most a few, then a count). */
      readonly tampering: readonly string[];
    }
  | { readonly accountId: string; readonly status: 'FAILED'; readonly reason: string }
  /** Listed but not swept: the account is not ACTIVE (suspended, closing, closed); the reason says so. */
  | { readonly accountId: string; readonly status: 'SKIPPED'; readonly reason: string };

/**
 * What one child execution of the sweep returns: its accounts' results. A child whose Lambda failed
 * even after retries (the batch's Catch) says instead which accounts it had and why it failed.
 */
export type BatchSweepResult =
  | { readonly accounts: readonly AccountSweepResult[] }
  | { readonly batchFailed: { readonly accountIds: readonly string[]; readonly reason: string } };

/** The sweep's summary: the workflow's output, the `orgmfa local sweep --json` contract's core. */
export interface SweepSummary {
  readonly sweepId: string;
  readonly accounts: {
    /** Accounts listed: those of the configured OUs and their descendants, and the management account. */
    readonly total: number;
    /** Accounts evaluated (those without Security Hub CSPM included). */
    readonly succeeded: number;
    readonly failed: readonly { readonly accountId: string; readonly reason: string }[];
    /** Accounts listed but not swept because they are not ACTIVE (suspended, closing, closed), with their state. */
    readonly skipped: readonly { readonly accountId: string; readonly reason: string }[];
    /** Accounts evaluated whose findings could not be imported: Security Hub CSPM is not enabled. */
    readonly securityHubNotEnabled: readonly string[];
    /** Accounts evaluated with steps that failed on their own, and what they were. */
    readonly warnings: readonly { readonly accountId: string; readonly warnings: readonly string[] }[];
  };
  readonly usersEvaluated: number;
  readonly orphansDeleted: number;
  readonly findings: FindingCounts;
  /** Accounts where orgmfa's findings in Security Hub disagree with its record: possible tampering. */
  readonly tampering: readonly {
    readonly accountId: string;
    readonly findings: number;
    readonly details: readonly string[];
  }[];
  /**
   * Where the report is: one JSON-lines and one CSV object per account under this prefix, and the
   * organization's HTML page (`html`, a key) and OCSF findings (`format=ocsf/`) beside them.
   */
  readonly report: { readonly bucket: string; readonly prefix: string; readonly html: string };
}

/** How many detail lines an account's result carries at most (its payload must stay small). */
export const MAX_DETAIL_LINES = 10;

/** `lines`, at most {@link MAX_DETAIL_LINES} of them, the last saying how many more there were. */
export function capped(lines: readonly string[]): string[] {
  if (lines.length <= MAX_DETAIL_LINES) return [...lines];
  return [...lines.slice(0, MAX_DETAIL_LINES - 1), `… and ${lines.length - MAX_DETAIL_LINES + 1} more`];
}
