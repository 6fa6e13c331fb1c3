import type { FindingRow } from './report-model';
import type { Report } from './report';
import type { ReportSummary } from './summary';

/** The JSON document's format name and version: a consumer checks them before reading. */
export const REPORT_FORMAT = 'orgmfa-report';
export const REPORT_FORMAT_VERSION = 1;

/** `--output json`: one document, the same rows as every other rendering plus the summary. */
export interface ReportDocument {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_FORMAT_VERSION;
  /** The filter the rows went through (null: all). The summary counts every row regardless. */
  readonly filter: {
    readonly severities: readonly string[] | null;
    readonly controls: readonly string[] | null;
  };
  readonly summary: ReportSummary;
  readonly rows: readonly FindingRow[];
}

/** The report as one JSON document. */
export function toReportDocument(report: Report): ReportDocument {
  return {
    format: REPORT_FORMAT,
    version: REPORT_FORMAT_VERSION,
    filter: { severities: report.filter.severities ?? null, controls: report.filter.controls ?? null },
    summary: report.summary,
    rows: report.rows,
  };
}

/** The JSON text of the document (no indentation: at 100,000 rows it matters). */
export function renderJson(report: Report): string {
  return JSON.stringify(toReportDocument(report));
}
