/**
 * Where a sweep's report lives in the hub's state bucket, partitioned by sweep and format for Athena
 * (`reports/sweep=<id>/format=<format>/…`): each account's part (JSON lines and CSV, written by
 * SweepAccount), and the organization's HTML page and OCSF findings (written by SummarizeSweep).
 */

/** The prefix of a sweep's report. */
export function sweepReportPrefix(sweepId: string): string {
  return `reports/sweep=${sweepId}/`;
}

/** An account's part of the report. */
export function sweepReportPartKey(sweepId: string, format: 'jsonl' | 'csv', accountId: string): string {
  return `${sweepReportPrefix(sweepId)}format=${format}/${accountId}.${format}`;
}

/** The sweep's summary, beside the report. */
export function sweepSummaryKey(sweepId: string): string {
  return `${sweepReportPrefix(sweepId)}summary.json`;
}

/** The organization's HTML report of a sweep: one self-contained page. */
export function sweepHtmlReportKey(sweepId: string): string {
  return `${sweepReportPrefix(sweepId)}format=html/report.html`;
}

/** The `index`-th object of the sweep's OCSF findings (JSON lines, numbered from 0). */
export function sweepOcsfKey(sweepId: string, index: number): string {
  return `${sweepReportPrefix(sweepId)}format=ocsf/findings-${String(index).padStart(5, '0')}.ocsf.jsonl`;
}
