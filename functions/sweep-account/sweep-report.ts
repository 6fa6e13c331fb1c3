import { PutObjectCommand } from '@aws-sdk/client-s3';
import { csvLine } from '../core/csv-line';
import { SWEEP_REPORT_COLUMNS, type SweepReportRow } from '../core/report/sweep-rows';
import type { AwsClients, ClientScope } from '../aws/clients';
import { sweepReportPartKey } from '../core/report/sweep-report-keys';

/**
 * Writes an account's part of the sweep report: JSON lines and CSV, partitioned by sweep and format for
 * Athena. An account without rows has no JSON lines (S3 objects of zero bytes are noise to Athena).
 */
export async function writeReport(
  deps: { readonly clients: AwsClients; readonly hub: ClientScope; readonly stateBucket: string },
  sweepId: string,
  accountId: string,
  rows: readonly SweepReportRow[],
): Promise<void> {
  const csv = [
    SWEEP_REPORT_COLUMNS.join(','),
    ...rows.map((r) => csvLine(SWEEP_REPORT_COLUMNS.map((column) => r[column] ?? ''))),
  ].join('\n');
  const s3 = deps.clients.s3(deps.hub);
  await Promise.all([
    rows.length === 0
      ? Promise.resolve()
      : s3.send(
          new PutObjectCommand({
            Bucket: deps.stateBucket,
            Key: sweepReportPartKey(sweepId, 'jsonl', accountId),
            Body: `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
            ContentType: 'application/x-ndjson',
          }),
        ),
    s3.send(
      new PutObjectCommand({
        Bucket: deps.stateBucket,
        Key: sweepReportPartKey(sweepId, 'csv', accountId),
        Body: `${csv}\n`,
        ContentType: 'text/csv',
      }),
    ),
  ]);
}
