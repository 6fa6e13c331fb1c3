import { z } from 'zod';
import type { TamperedFinding } from '../compliance/check-findings';
import { CONTROLS } from '../compliance/controls';
import { accountResource } from '../compliance/evaluate-account';
import { findingId } from '../compliance/finding';
import {
  isActiveStatus,
  type ControlId,
  type FindingRecord,
  type FindingScope,
  type ResourceRef,
} from '../compliance/model';
import { ReportInputError } from './report-errors';
import type { ReportResult } from './report-model';

/**
 * An account's part of the sweep's S3 report (`reports/sweep=<id>/format=jsonl|csv/<account>.*`):
 * one row per active finding of orgmfa's record, per finding Security Hub disagrees with, and per
 * account warning. SummarizeSweep reads the parts back to build the organization's HTML and OCSF
 * report, so a row carries everything the report shows.
 */

const CONTROL_IDS = Object.keys(CONTROLS) as [ControlId, ...ControlId[]];

/** One line of an account's part of the sweep report (JSON lines; the CSV has the same columns). */
export const sweepReportRowSchema = z.object({
  account: z.string().regex(/^\d{12}$/),
  /** The user ARN, what an account-level finding is about, or the account for a warning. */
  resource: z.string(),
  /** The control; empty for an account warning. */
  control: z.union([z.enum(CONTROL_IDS), z.literal('')]),
  /** FAILED or EXEMPT (an active finding), TAMPERED (Security Hub disagrees with it), WARNING. */
  status: z.enum(['FAILED', 'EXEMPT', 'TAMPERED', 'WARNING']),
  /** When the finding became active; empty for the other rows. */
  since: z.string(),
  /** What a TAMPERED or WARNING row is about. */
  note: z.string().optional(),
  /** A FAILED or EXEMPT row's one-sentence detail. */
  detail: z.string().optional(),
  /** An EXEMPT row's `orgmfa:exempt` reason and last day (`YYYY-MM-DD`), when known. */
  exemptionReason: z.string().optional(),
  exemptUntil: z.string().optional(),
});

/** One line of an account's part of the sweep report. */
export type SweepReportRow = z.infer<typeof sweepReportRowSchema>;

/**
 * The CSV columns, in order: the row's keys. Columns are only ever added at the end, so that older
 * partitions read as before (`note` came after `since`; `detail`, `exemptionReason`, `exemptUntil` after it).
 */
export const SWEEP_REPORT_COLUMNS = [
  'account',
  'resource',
  'control',
  'status',
  'since',
  'note',
  'detail',
  'exemptionReason',
  'exemptUntil',
] as const satisfies readonly (keyof SweepReportRow)[];

/** What the report says of an active finding this sweep's own results do not show (see sweepReportRows). */
function fresherEvidence(since: string | undefined): string {
  return `Active${since === undefined ? '' : ` since ${since}`} on evidence fresher than this sweep read (an IAM event orgmfa handled after the credential report was generated).`;
}

/**
 * The rows of an account's part of the report. The active findings come from orgmfa's record after the
 * sweep (what Security Hub CSPM holds), each with its detail from this sweep's result for the same
 * finding; a finding the record keeps on fresher evidence than the sweep read (an event since the
 * credential report) says so instead. Then one row per finding Security Hub disagrees with, one per warning.
 */
export function sweepReportRows(
  scope: FindingScope,
  records: readonly FindingRecord[],
  results: readonly ReportResult[],
  tampered: readonly TamperedFinding[],
  warnings: readonly string[],
): SweepReportRow[] {
  const byFinding = new Map(results.map((r) => [findingId(scope, r.control, r.resource), r]));
  const { accountId } = scope;
  return [
    ...records.flatMap((record): SweepReportRow[] => {
      if (!isActiveStatus(record.status)) return [];
      const status = record.status === 'EXEMPT' ? 'EXEMPT' : 'FAILED';
      const result = byFinding.get(record.id);
      const same = result?.verdict === status ? result : undefined;
      return [
        {
          account: accountId,
          resource: record.subject ?? record.resourceId,
          control: record.control,
          status,
          since: record.since ?? '',
          detail: same?.detail ?? fresherEvidence(record.since),
          ...(same?.exemption === undefined
            ? {}
            : {
                exemptionReason: same.exemption.reason,
                ...(same.exemption.until === undefined ? {} : { exemptUntil: same.exemption.until }),
              }),
        },
      ];
    }),
    ...tampered.map((t): SweepReportRow => ({
      account: accountId,
      resource: t.resource,
      control: t.control,
      status: 'TAMPERED',
      since: '',
      note: t.problem,
    })),
    ...warnings.map((note): SweepReportRow => ({
      account: accountId,
      resource: accountResource(accountId).id,
      control: '',
      status: 'WARNING',
      since: '',
      note,
    })),
  ];
}

/** The resource of a row: the control says which kind; an account-level row names its subject unless it is the account. */
function resourceOf(account: string, control: ControlId, resource: string): ResourceRef {
  if (CONTROLS[control].resourceType === 'AwsIamUser') return { type: 'AwsIamUser', id: resource };
  const whole = accountResource(account);
  return resource === whole.id ? whole : accountResource(account, resource);
}

/**
 * Reads an account's JSON-lines part back: its active findings as report results (TAMPERED and
 * WARNING rows are left out; the sweep's summary carries them). A line that is not a row orgmfa
 * writes is refused: the part is orgmfa's own object in the hub's bucket.
 */
export function reportResultsOfPart(accountId: string, jsonLines: string): ReportResult[] {
  const results: ReportResult[] = [];
  for (const [index, line] of jsonLines.split('\n').entries()) {
    if (line.trim() === '') continue;
    let row: SweepReportRow;
    try {
      row = sweepReportRowSchema.parse(JSON.parse(line));
    } catch (error) {
      throw new ReportInputError(
        `line ${index + 1} of account ${accountId}'s report part is not a report row`,
        {
          cause: error,
        },
      );
    }
    if (row.status !== 'FAILED' && row.status !== 'EXEMPT') continue;
    if (row.account !== accountId || row.control === '')
      throw new ReportInputError(
        `line ${index + 1} of account ${accountId}'s report part is a finding of another account or of no control`,
      );
    results.push({
      accountId,
      control: row.control,
      resource: resourceOf(accountId, row.control, row.resource),
      verdict: row.status,
      detail: row.detail ?? '',
      ...(row.status === 'EXEMPT' && row.exemptionReason !== undefined
        ? {
            exemption: {
              reason: row.exemptionReason,
              ...(row.exemptUntil === undefined ? {} : { until: row.exemptUntil }),
            },
          }
        : {}),
    });
  }
  return results;
}
