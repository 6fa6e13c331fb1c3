import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { TamperedFinding } from '../core/compliance/check-findings';
import { accountResource } from '../core/compliance/evaluate-account';
import { isActiveStatus, type FindingRecord } from '../core/compliance/model';
import { csvLine } from '../core/csv-line';
import type { AwsClients, ClientScope } from '../aws/clients';

/** One line of an account's part of the sweep report. */
export interface ReportRow {
  readonly account: string;
  /** The user ARN, what an account-level finding is about, or the account for a warning. */
  readonly resource: string;
  /** The control; empty for an account warning. */
  readonly control: string;
  /** FAILED or EXEMPT (an active finding), TAMPERED (Security Hub disagrees with it), WARNING. */
  readonly status: 'FAILED' | 'EXEMPT' | 'TAMPERED' | 'WARNING';
  /** When the finding became active; empty for the other rows. */
  readonly since: string;
  /** What a TAMPERED or WARNING row is about. */
  readonly note?: string;
}

/** The CSV columns of the report, in order (`note` was added last, so older partitions read as before). */
export const REPORT_COLUMNS = ['account', 'resource', 'control', 'status', 'since', 'note'] as const;

/**
 * The rows of an account's part of the report: one per active finding (FAILED or EXEMPT, never an
 * exemption as a failure), one per finding Security Hub disagrees with, one per warning.
 */
export function reportRows(
  accountId: string,
  records: readonly FindingRecord[],
  tampered: readonly TamperedFinding[],
  warnings: readonly string[],
): ReportRow[] {
  const account = accountResource(accountId).id;
  return [
    ...records.flatMap((f): ReportRow[] =>
      isActiveStatus(f.status)
        ? [
            {
              account: accountId,
              resource: f.subject ?? f.resourceId,
              control: f.control,
              status: f.status === 'EXEMPT' ? 'EXEMPT' : 'FAILED',
              since: f.since ?? '',
            },
          ]
        : [],
    ),
    ...tampered.map((t): ReportRow => ({
      account: accountId,
      resource: t.resource,
      control: t.control,
      status: 'TAMPERED',
      since: '',
      note: t.problem,
    })),
    ...warnings.map((note): ReportRow => ({
      account: accountId,
      resource: account,
      control: '',
      status: 'WARNING',
      since: '',
      note,
    })),
  ];
}

/**
 * Writes an account's part of the sweep report: JSON lines and CSV, partitioned by sweep and format for
 * Athena. An account without rows has no JSON lines (S3 objects of zero bytes are noise to Athena).
 */
export async function writeReport(
  deps: { readonly clients: AwsClients; readonly hub: ClientScope; readonly stateBucket: string },
  sweepId: string,
  accountId: string,
  rows: readonly ReportRow[],
): Promise<void> {
  const csv = [
    REPORT_COLUMNS.join(','),
    ...rows.map((r) => csvLine(REPORT_COLUMNS.map((column) => r[column] ?? ''))),
  ].join('\n');
  const s3 = deps.clients.s3(deps.hub);
  const prefix = `reports/sweep=${sweepId}`;
  await Promise.all([
    rows.length === 0
      ? Promise.resolve()
      : s3.send(
          new PutObjectCommand({
            Bucket: deps.stateBucket,
            Key: `${prefix}/format=jsonl/${accountId}.jsonl`,
            Body: `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
            ContentType: 'application/x-ndjson',
          }),
        ),
    s3.send(
      new PutObjectCommand({
        Bucket: deps.stateBucket,
        Key: `${prefix}/format=csv/${accountId}.csv`,
        Body: `${csv}\n`,
        ContentType: 'text/csv',
      }),
    ),
  ]);
}
