import { findingRows } from './finding-rows';
import type { FindingRow, ReportInput } from './report-model';
import { filterRows, type RowFilter } from './row-filter';
import { summarize, type ReportSummary } from './summary';

/** A report ready to render: the whole summary, and the rows the filter keeps. */
export interface Report {
  readonly summary: ReportSummary;
  readonly filter: RowFilter;
  /** The rows the filter keeps, sorted (severity, account, resource). */
  readonly rows: readonly FindingRow[];
  /** How many rows there are before the filter. */
  readonly unfilteredRows: number;
}

/**
 * Builds a report: one row per finding that is not PASSED, sorted, then filtered; the summary counts
 * every row, so a filtered report still says what else there is.
 */
export function buildReport(input: ReportInput, filter: RowFilter = {}): Report {
  const all = findingRows(input);
  return {
    summary: summarize(input, all),
    filter,
    rows: filterRows(all, filter),
    unfilteredRows: all.length,
  };
}
