import { csvLine } from '../csv-line';
import type { FindingRow } from './report-model';

/** The CSV columns, in order: the row model's fields in snake case. */
export const CSV_COLUMNS = [
  'severity',
  'control',
  'account_id',
  'account_name',
  'ou_path',
  'resource',
  'resource_type',
  'resource_id',
  'title',
  'remediation',
  'remediation_url',
  'finding_id',
  'status',
  'detail',
  'exemption_reason',
  'exempt_until',
] as const;

/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A free-text field safe to open in a spreadsheet: one that would start a formula gets a leading `'`.
 * Account and OU names allow any printable ASCII and can be set from the member account (an account
 * can rename itself), so `=HYPERLINK(…)` is within an attacker's reach; identifiers (ids, ARNs, user
 * names) are kept verbatim, because IAM's character set for them has no parentheses or quotes and
 * consumers match on them.
 */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cells(row: FindingRow): string[] {
  return [
    row.severity,
    row.control,
    row.accountId,
    spreadsheetSafe(row.accountName ?? ''),
    spreadsheetSafe(row.ouPath ?? ''),
    row.resource,
    row.resourceType,
    row.resourceId,
    row.title,
    row.remediation,
    row.remediationUrl,
    row.findingId,
    row.status,
    spreadsheetSafe(row.detail),
    spreadsheetSafe(row.exemptionReason ?? ''),
    row.exemptUntil ?? '',
  ];
}

/** `--output csv`: a header and one line per row, quoted as RFC 4180 says; lines end in LF, as Unix tools expect. */
export function renderCsv(rows: readonly FindingRow[]): string {
  return [CSV_COLUMNS, ...rows.map(cells)].map(csvLine).join('\n');
}
