import type { ControlId, ResourceRef, SeverityLabel } from '../compliance/model';
import type { Partition } from '../naming';

/**
 * What a report is made of: the audit and the sweep each fill a {@link ReportInput}; every rendering
 * (terminal, JSON, CSV, HTML, OCSF) reads the rows and the summary built from it. Pure types.
 */

/**
 * A control's verdict on one resource, as the report reads it. EXEMPT is an exemption from MFA in
 * force (ORGMFA.6): informational, counted apart, never a failure. This is the one place where the
 * compliance model's status is mapped onto the report.
 */
export type Verdict = 'PASSED' | 'FAILED' | 'EXEMPT';

/** The status of a report row: only what is not PASSED becomes a row. */
export type RowStatus = Exclude<Verdict, 'PASSED'>;

/** How one account was assessed: the users counts feed "share of IAM users with MFA". */
export type AccountAssessment =
  | {
      readonly status: 'ASSESSED';
      /** IAM users evaluated (the root user is not one). */
      readonly usersEvaluated: number;
      /** Of those, users with at least one MFA device (an exempt user without MFA is not one). */
      readonly usersWithMfa: number;
      /**
       * What could not be read or decided in the account (a skipped report line, the root user's MFA
       * undecided, Security Hub CSPM not enabled): the account was assessed, but not completely.
       */
      readonly warnings?: readonly string[];
    }
  | { readonly status: 'NOT_ASSESSED'; readonly reason: string };

/** One account of the organization that the run meant to assess. */
export interface ReportAccount {
  readonly accountId: string;
  /** The account's name from Organizations, when known. Attacker-controlled text: escaped everywhere. */
  readonly name?: string;
  /** The account's OU path from the root, e.g. `Root/Workloads/Prod`, when known. */
  readonly ouPath?: string;
  readonly assessment: AccountAssessment;
}

/** One control result of an assessed account. PASSED results are accepted and left out of the rows. */
export interface ReportResult {
  readonly accountId: string;
  readonly control: ControlId;
  readonly resource: ResourceRef;
  readonly verdict: Verdict;
  /** The result's one-sentence detail. */
  readonly detail: string;
  /** For an EXEMPT verdict: the `orgmfa:exempt` reason and the last day (`YYYY-MM-DD`, UTC), if any. */
  readonly exemption?: { readonly reason: string; readonly until?: string };
}

/** Everything a report is built from. */
export interface ReportInput {
  /** When the assessment ran: the reference for "expiring soon" and the OCSF event time. */
  readonly generatedAt: Date;
  /** Which run produced it: `orgmfa audit`, or a sweep (with its id). */
  readonly source: { readonly kind: 'audit' | 'sweep'; readonly id?: string };
  /** Where findings are imported: names the finding ids and the OCSF cloud attributes. */
  readonly partition: Partition;
  readonly region: string;
  /** The organization, when known (OCSF `cloud.org`). */
  readonly organizationId?: string;
  readonly accounts: readonly ReportAccount[];
  readonly results: readonly ReportResult[];
}

/** One row per finding that is not PASSED: what every rendering shows. */
export interface FindingRow {
  readonly severity: SeverityLabel;
  readonly control: ControlId;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly ouPath: string | null;
  /** What the finding is about, short: the user name, `mfa/<path><name>` for a device, `seed:<user>`, or `root`. */
  readonly resource: string;
  readonly resourceType: ResourceRef['type'];
  /** The resource in full: the user's ARN, the device serial, the seed subject, or `AWS::::Account:<id>`. */
  readonly resourceId: string;
  readonly title: string;
  /** The control's one-line remediation. */
  readonly remediation: string;
  readonly remediationUrl: string;
  /** The Security Hub finding id (deterministic per account, control and resource). */
  readonly findingId: string;
  readonly status: RowStatus;
  readonly detail: string;
  readonly exemptionReason: string | null;
  /** The exemption's last day, `YYYY-MM-DD` (UTC); null when it has no end or the row is no exemption. */
  readonly exemptUntil: string | null;
}
